package dev.katka.admin;

import jakarta.ejb.Local;
import java.util.List;

/** The cluster and its brokers, as an operator sees them. */
@Local
public interface ClusterAdmin {

    ClusterOverview overview();

    /** Every broker: the live ones, and any that holds replicas but is not in the cluster now. */
    List<BrokerSummary> brokers();

    /** @throws AdminException NOT_FOUND when no broker has that id */
    BrokerDetail broker(int id);

    /**
     * The configuration a live broker runs with, as it describes it (DescribeConfigs).
     *
     * @throws AdminException NOT_FOUND when no live broker has that id
     */
    List<ConfigValue> brokerConfigs(int id);
}
