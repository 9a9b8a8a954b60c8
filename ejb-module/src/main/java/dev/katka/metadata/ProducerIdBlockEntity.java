package dev.katka.metadata;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The high-water mark of producer id blocks: the first id of the next block to hand out.
 *
 * <p>One row. Allocation locks it ({@code SELECT ... FOR UPDATE}), so concurrent allocations
 * queue on the row instead of reading the same mark; the mark only ever grows and is committed
 * before the block is returned, so an id is never handed out twice, also across restarts and
 * crashes. A JPA entity: confined to the transaction that loaded it, not thread-safe.
 */
@Entity
@Table(name = "producer_id_block")
class ProducerIdBlockEntity {

    static final int ONLY_ROW = 1;

    @Id
    @Column(name = "id", nullable = false)
    private int id;

    @Column(name = "next_first_id", nullable = false)
    private long nextFirstId;

    protected ProducerIdBlockEntity() {
        // for JPA
    }

    /** The row as it is before any block was handed out: ids start at 0, as in Kafka. */
    static ProducerIdBlockEntity initial() {
        ProducerIdBlockEntity row = new ProducerIdBlockEntity();
        row.id = ONLY_ROW;
        row.nextFirstId = 0;
        return row;
    }

    /** Hands out {@code [nextFirstId, nextFirstId + count)} and moves the mark past it. */
    long take(int count) {
        long first = nextFirstId;
        nextFirstId = Math.addExact(first, count);
        return first;
    }
}
