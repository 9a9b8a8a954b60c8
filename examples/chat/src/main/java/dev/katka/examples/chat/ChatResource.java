package dev.katka.examples.chat;

import dev.katka.connector.api.RecordMetadata;
import jakarta.ejb.EJB;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * The chat's HTTP API: {@code POST /api/rooms/{room}/messages} with {@code {"author","text"}}
 * says something (201, with where Katka wrote it); {@code GET} the same path lists what the
 * archive stored for the room.
 */
@Path("rooms/{room}/messages")
@Produces(MediaType.APPLICATION_JSON)
public class ChatResource {

    /** What a client posts. */
    public record Said(String author, String text) {
    }

    @EJB
    private ChatService chat;

    @PersistenceContext
    private EntityManager database;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response say(@PathParam("room") String room, Said said) {
        if (said == null || said.author() == null || said.text() == null) {
            return Response.status(Response.Status.BAD_REQUEST)
                    .entity("{\"error\":\"a message needs an author and a text\"}").build();
        }
        RecordMetadata written = chat.say(room, said.author(), said.text());
        return Response.status(Response.Status.CREATED).entity(written).build();
    }

    @GET
    public List<ChatMessage> stored(@PathParam("room") String room) {
        return database.createNamedQuery(StoredMessage.IN_ROOM, StoredMessage.class)
                .setParameter("room", room)
                .getResultStream()
                .map(StoredMessage::message)
                .toList();
    }

    /** The application's REST root. */
    @ApplicationPath("api")
    public static class Api extends Application {
    }
}
