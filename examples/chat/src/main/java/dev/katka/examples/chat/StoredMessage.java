package dev.katka.examples.chat;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedQuery;
import java.io.Serializable;
import java.time.Instant;

/**
 * A chat message as the archive keeps it. Its identity is its place in Katka (partition and
 * offset): a message delivered twice (delivery is at least once) is stored once.
 */
@Entity
@IdClass(StoredMessage.Position.class)
@NamedQuery(name = StoredMessage.IN_ROOM,
        query = "select m from StoredMessage m where m.room = :room order by m.partitionNumber, m.recordOffset")
public class StoredMessage {

    static final String IN_ROOM = "StoredMessage.inRoom";

    @Id
    private int partitionNumber;
    @Id
    private long recordOffset;
    @Column(nullable = false)
    private String room;
    private String author;
    @Column(length = 4000)
    private String text;
    private Instant sentAt;

    protected StoredMessage() {
        // for JPA
    }

    StoredMessage(ChatMessage message, int partition, long offset) {
        this.partitionNumber = partition;
        this.recordOffset = offset;
        this.room = message.room();
        this.author = message.author();
        this.text = message.text();
        this.sentAt = message.sentAt();
    }

    ChatMessage message() {
        return new ChatMessage(room, author, text, sentAt);
    }

    long offset() {
        return recordOffset;
    }

    /** The primary key: where in the topic the message was. */
    public static class Position implements Serializable {
        private static final long serialVersionUID = 1L;
        int partitionNumber;
        long recordOffset;

        public Position() {
        }

        Position(int partition, long offset) {
            this.partitionNumber = partition;
            this.recordOffset = offset;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Position that && partitionNumber == that.partitionNumber && recordOffset == that.recordOffset;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(recordOffset) * 31 + partitionNumber;
        }
    }
}
