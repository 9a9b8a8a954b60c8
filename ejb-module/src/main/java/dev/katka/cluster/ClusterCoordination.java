package dev.katka.cluster;

import dev.katka.controller.ControllerDriver;
import dev.katka.metadata.BrokerRegistration;
import dev.katka.metadata.MetadataImage;
import dev.katka.metadata.MetadataLogEntry;
import dev.katka.metadata.MetadataRecord;
import java.util.List;
import java.util.Set;

/**
 * What a broker needs from the cluster around it: membership with failure detection, exactly one
 * controller at a time with a controller epoch that only grows, and the metadata log that only the
 * current controller can append to and that every broker receives in order.
 *
 * <p>Events reach the broker through its {@link Listener}, one at a time, in the order they
 * happened, from one thread that the implementation owns (never a data grid thread): the broker's
 * state machines see a single, total order of membership changes, role changes and metadata.
 *
 * <p>Implementations are thread-safe: {@link #append}, {@link #liveBrokers}, {@link #controllerId}
 * and {@link #resign} may be called from any thread, the listener's included.
 */
public interface ClusterCoordination extends ControllerDriver.MetadataLog, AutoCloseable {

    /**
     * The cluster's id, which every broker reports to clients: the one the cluster already has,
     * or {@code proposed} when this broker is the first to ask (a new cluster, or the first
     * broker back after all stopped, which then brings the id it had). Called before {@link #join}.
     */
    String agreeClusterId(String proposed);

    /**
     * Announces this broker and starts delivering events to {@code listener}. First come the
     * metadata entries after {@code applied} (or, if the log no longer reaches back that far, a
     * {@linkplain Listener#snapshot snapshot} and the entries after it); then the brokers that are
     * alive; then, when this broker is elected, {@link Listener#becameController}. Called once.
     *
     * @param self    this broker, with the incarnation of this start
     * @param applied the metadata image this broker holds (from its own storage; empty on a first
     *                start). After a full-cluster restart the log may have to be rebuilt from the
     *                brokers' images, so the image itself is needed, not only its version.
     */
    void join(BrokerRegistration self, MetadataImage applied, Listener listener);

    /**
     * As controller of {@code controllerEpoch}: appends the records to the metadata log, each with
     * the next version. All or nothing as far as the brokers can see: they receive either all of the
     * records or none.
     *
     * <p>Blocks until the log has been written (a few round trips in the data grid).
     *
     * @return true when the records are in the log; false when that epoch is no longer this broker's
     *         (deposed, resigned) or the log could not be written. After false the caller must stop
     *         acting as controller of that epoch and {@link #resign} it: its view holds records that
     *         may never reach anyone.
     */
    @Override
    boolean append(int controllerEpoch, List<MetadataRecord> records);

    /**
     * The live brokers (this one included) as of the last membership event delivered to the
     * listener: called on the listener thread, the answer agrees with the events seen so far.
     * Members of the data grid that run no broker are never in it.
     */
    Set<BrokerRegistration> liveBrokers();

    /** The broker id of the current controller, or -1 when there is none at the moment. */
    int controllerId();

    /**
     * The version of the last entry committed to the metadata log, read from the data grid now
     * (not from this broker's image), or -1 when there is no log. A broker that learns from the
     * controller that a change is done waits until it has applied this version: then its own
     * image holds the change. Blocks for a round trip in the grid; any thread.
     */
    long committedVersion();

    /**
     * Gives up the controller role of that epoch (after a failed append), so that an election
     * takes place (which this broker may win again, with a new epoch). Does nothing if this broker
     * does not hold that epoch. The listener then gets {@link Listener#lostController}. Does not wait.
     */
    @Override
    void resign(int controllerEpoch);

    /**
     * Leaves the cluster: gives up the controller role (the listener gets
     * {@link Listener#lostController} as its last event), withdraws this broker's registration so
     * the others see it gone at once, and stops the threads. Does not shut down the data grid.
     */
    @Override
    void close();

    /**
     * What happens in the cluster, as the broker is told. All methods are called on the
     * coordination's event thread, one at a time; a method that throws is logged and the next event
     * is delivered all the same. Methods should not block for long: the events behind wait.
     */
    interface Listener {

        /** A broker became alive: started, restarted (a new incarnation), or joined after a pause. */
        void brokerStarted(BrokerRegistration broker);

        /** A broker is gone: its member left the data grid (crash, hang, shutdown). */
        void brokerFailed(int brokerId);

        /**
         * This broker is now the controller, with an epoch higher than any before; {@code latest}
         * is the image at the log's head, which this broker has also received as metadata.
         */
        void becameController(int controllerEpoch, MetadataImage latest);

        /**
         * This broker no longer is the controller of that epoch (deposed, lock lost, resigned,
         * closing): it must stop acting as controller at once. Its appends with that epoch fail.
         */
        void lostController(int controllerEpoch);

        /**
         * Metadata log entries: versions contiguous and following the last ones delivered (or the
         * joined or snapshot image), never delivered twice.
         */
        void metadata(List<MetadataLogEntry> entries);

        /**
         * Replace the image: this broker was further behind than the log keeps, or its image turned
         * out not to belong to this log (the log was lost and rebuilt from another broker's image).
         * The next {@link #metadata} follows {@code image.version()}.
         */
        void snapshot(MetadataImage image);
    }
}
