package dev.katka.connector.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.katka.connector.api.KatkaConnection;
import dev.katka.connector.api.KatkaConnectionFactory;
import dev.katka.connector.api.KatkaException;
import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.TransactionSupport.TransactionSupportLevel;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How connections come and go between the application, the container's pool and the adapter.
 * Nothing is sent, so the factories point at a port nothing listens on.
 */
class ConnectionLifecycleTest {

    private final ConnectionFactories factories = new ConnectionFactories("127.0.0.1:" + ClosedPort.find());
    private final TestPool pool = new TestPool();
    private final KatkaManagedConnectionFactory managedFactory = factories.managed(settings -> { });
    private final KatkaConnectionFactory factory = (KatkaConnectionFactory) managedFactory.createConnectionFactory(pool);

    @AfterEach
    void stopAdapter() {
        factories.close();
    }

    @Test
    void theContainerIsAskedForAConnectionWithRequestInfoNeverNull() {
        try (KatkaConnection connection = factory.createConnection()) {
            assertThat(connection.createProducer()).isNotNull();
        }

        assertThat(pool.requests).hasSize(1).doesNotContainNull();
    }

    @Test
    void closingAConnectionTellsTheContainerOnceWhichHandleClosed() {
        KatkaConnection connection = factory.createConnection();

        connection.close();
        connection.close();

        assertThat(pool.closedEvents).singleElement().satisfies(event -> {
            assertThat(event.getId()).isEqualTo(ConnectionEvent.CONNECTION_CLOSED);
            assertThat(event.getConnectionHandle()).isSameAs(connection);
        });
    }

    @Test
    void theContainerReusesTheManagedConnectionOfAClosedConnection() {
        KatkaConnection first = factory.createConnection();
        first.close();
        KatkaConnection second = factory.createConnection();

        assertThat(pool.created).isEqualTo(1);
        assertThat(second.createProducer()).isNotNull();
        assertThatThrownBy(first::createProducer).isInstanceOf(KatkaException.class);
    }

    @Test
    void handlesLeftOpenStopWorkingWhenTheContainerTakesTheManagedConnectionBack() throws Exception {
        KatkaManagedConnection managed = (KatkaManagedConnection) managedFactory.createManagedConnection(null, ConnectionRequest.ANY);
        KatkaConnection cleanedUp = (KatkaConnection) managed.getConnection(null, ConnectionRequest.ANY);
        managed.cleanup();
        KatkaConnection destroyed = (KatkaConnection) managed.getConnection(null, ConnectionRequest.ANY);
        managed.destroy();

        assertThatThrownBy(cleanedUp::createProducer).isInstanceOf(KatkaException.class).hasMessageContaining("closed");
        assertThatThrownBy(destroyed::createProducer).isInstanceOf(KatkaException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> managed.getConnection(null, ConnectionRequest.ANY)).isInstanceOf(ResourceException.class);
    }

    @Test
    void aHandleMovedToAnotherManagedConnectionReportsItsCloseFromThere() throws Exception {
        ManagedConnection from = managedFactory.createManagedConnection(null, ConnectionRequest.ANY);
        ManagedConnection to = managedFactory.createManagedConnection(null, ConnectionRequest.ANY);
        to.addConnectionEventListener(pool);
        KatkaConnection handle = (KatkaConnection) from.getConnection(null, ConnectionRequest.ANY);

        to.associateConnection(handle);
        from.cleanup(); // no longer the handle's: it stays open
        handle.close();

        assertThat(pool.closedEvents).singleElement().satisfies(event -> assertThat(event.getSource()).isSameAs(to));
    }

    @Test
    void onlyLiveManagedConnectionsOfTheSameFactoryMatch() throws Exception {
        KatkaManagedConnectionFactory equalFactory = factories.managed(settings -> { });
        ManagedConnection own = managedFactory.createManagedConnection(null, ConnectionRequest.ANY);
        ManagedConnection destroyed = managedFactory.createManagedConnection(null, ConnectionRequest.ANY);
        destroyed.destroy();
        ManagedConnection others = equalFactory.createManagedConnection(null, ConnectionRequest.ANY);

        assertThat(managedFactory.matchManagedConnections(Set.of(others, destroyed, own), null, ConnectionRequest.ANY)).isSameAs(own);
        assertThat(managedFactory.matchManagedConnections(Set.of(others, destroyed), null, ConnectionRequest.ANY)).isNull();
    }

    @Test
    void factoriesAreEqualWhenTheirSettingsAre() {
        KatkaManagedConnectionFactory same = factories.managed(settings -> { });
        KatkaManagedConnectionFactory other = factories.managed(settings -> settings.setAcks("1"));

        assertThat(managedFactory).isEqualTo(same).hasSameHashCodeAs(same).isNotEqualTo(other);
    }

    @Test
    void connectionsTakePartInNoTransaction() throws Exception {
        ManagedConnection managed = managedFactory.createManagedConnection(null, ConnectionRequest.ANY);

        assertThat(managedFactory.getTransactionSupport()).isEqualTo(TransactionSupportLevel.NoTransaction);
        assertThatThrownBy(managed::getXAResource).isInstanceOf(NotSupportedException.class);
        assertThatThrownBy(managed::getLocalTransaction).isInstanceOf(NotSupportedException.class);
    }
}
