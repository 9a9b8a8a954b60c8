package dev.katka.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.katka.metadata.BrokerRegistration;
import dev.katka.metadata.MetadataImage;
import dev.katka.metadata.MetadataRecord;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CoordinatedClusterViewTest {

    @Test
    void showsTheLiveBrokersByIdAndTheController() {
        ClusterCoordination coordination = new ClusterCoordination() {
            @Override
            public void join(BrokerRegistration self, MetadataImage applied, Listener listener) {
            }

            @Override
            public boolean append(int controllerEpoch, List<MetadataRecord> records) {
                return false;
            }

            @Override
            public Set<BrokerRegistration> liveBrokers() {
                return Set.of(new BrokerRegistration(3, "c", 9094, "r2", 1), new BrokerRegistration(1, "a", 9092, null, 7));
            }

            @Override
            public int controllerId() {
                return 3;
            }

            @Override
            public void resign(int controllerEpoch) {
            }

            @Override
            public void close() {
            }
        };
        ClusterView view = new CoordinatedClusterView("cluster-1", 1, coordination);

        assertThat(view.clusterId()).isEqualTo("cluster-1");
        assertThat(view.localBrokerId()).isEqualTo(1);
        assertThat(view.aliveBrokers()).containsExactly(new BrokerEndpoint(1, "a", 9092, null),
                new BrokerEndpoint(3, "c", 9094, "r2"));
        assertThat(view.controllerId()).isEqualTo(3);
        assertThat(view.broker(3)).contains(new BrokerEndpoint(3, "c", 9094, "r2"));
    }
}
