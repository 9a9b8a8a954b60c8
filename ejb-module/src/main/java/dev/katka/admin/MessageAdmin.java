package dev.katka.admin;

import jakarta.ejb.Local;
import java.util.List;

/** The records of a topic: browse them, produce one, purge them. */
@Local
public interface MessageAdmin {

    /** @throws AdminException NOT_FOUND for an unknown topic; INVALID for a bad query */
    List<Message> browse(String topic, BrowseQuery query);

    /** Produces one record with acks=all and returns where it was written. */
    SentMessage send(String topic, MessageToSend message);

    /**
     * Deletes the records of one partition below {@code beforeOffset} (DeleteRecords), or, with no
     * offset, every record up to the high watermark; with no partition, every record of every
     * partition. Consumers then start at the new log start.
     *
     * @return each partition purged and its log start afterwards
     * @throws AdminException NOT_FOUND for an unknown topic; INVALID for a bad partition, an offset
     *                        without a partition, an offset beyond the high watermark, or a topic
     *                        that is compacted only
     */
    List<PurgedPartition> purge(String topic, Integer partition, Long beforeOffset);
}
