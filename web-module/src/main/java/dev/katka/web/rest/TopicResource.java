package dev.katka.web.rest;

import dev.katka.admin.ConfigValue;
import dev.katka.admin.TopicAdmin;
import dev.katka.admin.TopicCreation;
import dev.katka.admin.TopicDetail;
import dev.katka.admin.TopicSummary;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Topics: list and search, create, inspect, configure, add partitions, delete. */
@Path("v1/topics")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "topics", description = "Topics, their partitions and configuration")
public class TopicResource {

    /** The body of a request to add partitions: the count the topic shall have. */
    public record PartitionCount(Integer count) {
    }

    @EJB
    private TopicAdmin topics;

    @GET
    @Operation(summary = "Every topic whose name contains the search text (ignoring case)")
    public List<TopicSummary> list(@QueryParam("search") String search) {
        return topics.topics(search);
    }

    @POST
    @Operation(summary = "Create a topic; partitions and replication factor default to the broker's")
    public Response create(TopicCreation topic, @Context UriInfo uri) {
        TopicDetail created = topics.create(topic);
        return Response.created(uri.getAbsolutePathBuilder().path(created.name()).build()).entity(created).build();
    }

    @GET
    @Path("{name}")
    @Operation(summary = "A topic's partitions (leader, replicas, ISR, offsets, size) and configuration")
    public TopicDetail topic(@PathParam("name") String name) {
        return topics.topic(name);
    }

    @DELETE
    @Path("{name}")
    @Operation(summary = "Delete a topic and its data")
    public Response delete(@PathParam("name") String name) {
        topics.delete(name);
        return Response.noContent().build();
    }

    @PATCH
    @Path("{name}/configs")
    @Operation(summary = "Set configuration entries ({\"name\": \"value\"}) or reset them to the default ({\"name\": null})")
    public List<ConfigValue> changeConfigs(@PathParam("name") String name, Map<String, String> changes) {
        return topics.changeConfigs(name, changes);
    }

    @POST
    @Path("{name}/partitions")
    @Operation(summary = "Grow the topic to {\"count\": n} partitions")
    public TopicDetail addPartitions(@PathParam("name") String name, PartitionCount count) {
        return topics.addPartitions(name, count == null ? null : count.count());
    }
}
