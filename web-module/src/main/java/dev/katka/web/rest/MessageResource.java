package dev.katka.web.rest;

import dev.katka.admin.BrowseQuery;
import dev.katka.admin.Message;
import dev.katka.admin.MessageAdmin;
import dev.katka.admin.MessageToSend;
import dev.katka.admin.PurgedPartition;
import dev.katka.admin.SentMessage;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The records of a topic: browse, produce and purge. Query parameters are taken as text and checked by
 * the admin service, so that a bad value is a 400 naming it (JAX-RS would answer 404).
 */
@Path("v1/topics/{name}/messages")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "messages", description = "Browse, produce and purge records")
public class MessageResource {

    @EJB
    private MessageAdmin messages;

    @GET
    @Operation(summary = "Records by partition and offset or timestamp, newest or oldest first, as text, json or hex",
            description = "order=newest (default) lists the last records before the end of the log (or up to and "
                    + "including offset, or before timestamp); order=oldest the records from the start (or from "
                    + "offset or timestamp) on. Without partition, all partitions merged by timestamp. "
                    + "limit 1-500, default 50.")
    public List<Message> browse(@PathParam("name") String topic, @QueryParam("partition") String partition,
            @QueryParam("offset") String offset, @QueryParam("timestamp") String timestamp,
            @QueryParam("order") String order, @QueryParam("limit") String limit, @QueryParam("format") String format) {
        BrowseQuery query = new BrowseQuery(
                QueryNumbers.integer("partition", partition), QueryNumbers.longInteger("offset", offset),
                QueryNumbers.longInteger("timestamp", timestamp), order, QueryNumbers.integer("limit", limit), format);
        return messages.browse(topic, query);
    }

    @DELETE
    @Operation(summary = "Purge records: those of one partition below beforeOffset, or all up to the high watermark",
            description = "Without partition, every partition is emptied; beforeOffset needs a partition. Answers "
                    + "each partition's new log start once every in-sync replica has deleted the records.")
    public List<PurgedPartition> purge(@PathParam("name") String topic, @QueryParam("partition") String partition,
            @QueryParam("beforeOffset") String beforeOffset) {
        return messages.purge(topic, QueryNumbers.integer("partition", partition),
                QueryNumbers.longInteger("beforeOffset", beforeOffset));
    }

    @POST
    @Operation(summary = "Produce one record (acks=all): key, value and headers as text, partition optional")
    public Response send(@PathParam("name") String topic, MessageToSend message) {
        SentMessage sent = messages.send(topic, message);
        return Response.status(Response.Status.CREATED).entity(sent).build();
    }
}
