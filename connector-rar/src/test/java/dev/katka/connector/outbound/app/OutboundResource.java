package dev.katka.connector.outbound.app;

import dev.katka.connector.api.RecordMetadata;
import jakarta.ejb.EJB;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Application;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What the test calls over HTTP to make the application send; each answer says where the
 * records were written, as {@code partition:offset}, one per line.
 */
@Path("send/{topic}")
public class OutboundResource {

    @EJB
    OutboundSender sender;

    @PathParam("topic")
    String topic;

    @POST
    @Path("text")
    public String text(@QueryParam("key") String key, String value) {
        return where(sender.send(topic, key, value));
    }

    @POST
    @Path("order")
    public String order(@QueryParam("item") String item, @QueryParam("quantity") int quantity) {
        Order order = new Order();
        order.item = item;
        order.quantity = quantity;
        return where(sender.sendOrder(topic, order));
    }

    @POST
    @Path("headers")
    public String headers(@QueryParam("partition") int partition, @QueryParam("timestamp") long timestamp) {
        return where(sender.sendWithHeaders(topic, partition, timestamp));
    }

    @POST
    @Path("async")
    public String async(@QueryParam("count") int count) throws Exception {
        List<RecordMetadata> written = sender.sendManyAsync(topic, count);
        return written.stream().map(OutboundResource::where).collect(Collectors.joining("\n"));
    }

    private static String where(RecordMetadata written) {
        return written.partition() + ":" + written.offset();
    }

    /** The application's REST root. */
    @ApplicationPath("api")
    public static class Rest extends Application {
    }
}
