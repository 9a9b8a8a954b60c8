package dev.katka.producer;

/**
 * Hands out producer ids for idempotent producers, each at most once in the whole cluster, also
 * across restarts.
 *
 * <p>Ids come in blocks from the controller, which records every block it hands out in the
 * metadata log; a block not used up before a restart is skipped, never reused. Two brokers never
 * hand out the same id: if they did, the second producer's first batches would look like retries
 * of the first producer's and be acknowledged without being written.
 *
 * <p>Thread-safe. {@link #next()} may wait for the controller: not for network threads.
 */
public final class ProducerIdAllocator {

    /** Where blocks of producer ids come from. */
    @FunctionalInterface
    public interface BlockSource {

        /**
         * Reserves a block of ids no one else will get; blocks until the controller answers.
         *
         * @throws org.apache.kafka.common.errors.ApiException when no block can be had now (no
         *         controller, timeout); the producer asks again
         */
        Block reserve();
    }

    /** Producer ids {@code [first, first + length)}. */
    public record Block(long first, int length) {
    }

    private final BlockSource source;
    private long next;
    private long blockEnd;

    public ProducerIdAllocator(BlockSource source) {
        this.source = source;
    }

    public synchronized long next() {
        if (next == blockEnd) {
            Block block = source.reserve();
            next = block.first();
            blockEnd = block.first() + block.length();
        }
        return next++;
    }
}
