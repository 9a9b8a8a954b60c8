package dev.katka.producer;

import dev.katka.metadata.MetadataStore;

/**
 * Hands out producer ids for idempotent producers, each at most once, also across restarts.
 *
 * <p>Ids are reserved from the metadata store in blocks, so the store is written once per
 * {@value #BLOCK_SIZE} producers rather than once per producer. Ids of a block not used up
 * before a restart are skipped, never reused.
 *
 * <p>Thread-safe. {@link #next()} may block on the metadata store: not for network threads.
 */
public final class ProducerIdAllocator {

    static final int BLOCK_SIZE = 1000;

    private final MetadataStore store;
    private long next;
    private long blockEnd;

    public ProducerIdAllocator(MetadataStore store) {
        this.store = store;
    }

    public synchronized long next() {
        if (next == blockEnd) {
            next = store.allocateProducerIds(BLOCK_SIZE);
            blockEnd = next + BLOCK_SIZE;
        }
        return next++;
    }
}
