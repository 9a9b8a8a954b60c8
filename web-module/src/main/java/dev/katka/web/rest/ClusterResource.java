package dev.katka.web.rest;

import dev.katka.admin.BrokerDetail;
import dev.katka.admin.BrokerSummary;
import dev.katka.admin.ClusterAdmin;
import dev.katka.admin.ClusterOverview;
import dev.katka.admin.ConfigValue;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The cluster overview and its brokers. */
@Path("v1")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "cluster", description = "The cluster and its brokers")
public class ClusterResource {

    @EJB
    private ClusterAdmin cluster;

    @GET
    @Path("cluster")
    @Operation(summary = "Cluster id, controller, and counts of brokers, topics and unhealthy partitions")
    public ClusterOverview overview() {
        return cluster.overview();
    }

    @GET
    @Path("brokers")
    @Operation(summary = "Every broker: address, controller or not, alive, partitions led")
    public List<BrokerSummary> brokers() {
        return cluster.brokers();
    }

    @GET
    @Path("brokers/{id}")
    @Operation(summary = "One broker and the partitions it holds replicas of")
    public BrokerDetail broker(@PathParam("id") int id) {
        return cluster.broker(id);
    }

    @GET
    @Path("brokers/{id}/configs")
    @Operation(summary = "The configuration a live broker runs with, and where each value comes from")
    public List<ConfigValue> brokerConfigs(@PathParam("id") int id) {
        return cluster.brokerConfigs(id);
    }
}
