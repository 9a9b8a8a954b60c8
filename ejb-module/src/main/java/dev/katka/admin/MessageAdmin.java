package dev.katka.admin;

import jakarta.ejb.Local;
import java.util.List;

/** The records of a topic: browse them, and produce one. */
@Local
public interface MessageAdmin {

    /** @throws AdminException NOT_FOUND for an unknown topic; INVALID for a bad query */
    List<Message> browse(String topic, BrowseQuery query);

    /** Produces one record with acks=all and returns where it was written. */
    SentMessage send(String topic, MessageToSend message);
}
