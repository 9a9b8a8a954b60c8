package dev.katka.log;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The cleaner's memory: for each key of the dirty part of a log, the offset of its latest record,
 * in a fixed budget of memory (Kafka's {@code SkimpyOffsetMap}, sized by
 * {@code log.cleaner.dedupe.buffer.size}).
 *
 * <p>Keys are not stored, only their MD5 digest (16 bytes) beside the offset (8 bytes): a slot is
 * 24 bytes whatever the key's size, so the budget bounds the number of keys, not their bytes. Two
 * keys with the same digest would count as one, as in Kafka; with 128-bit digests that does not
 * happen in practice. Slots are probed linearly from the digest's first bytes. The map is "full"
 * at {@link #LOAD_FACTOR} of its slots, where probing stays short; the cleaner then stops mapping
 * and cleans what it mapped, leaving the rest for the next pass.
 *
 * <p>Not thread-safe: one cleaning uses it.
 */
final class OffsetMap {

    static final int HASH_BYTES = 16;
    static final int SLOT_BYTES = HASH_BYTES + 8;
    static final double LOAD_FACTOR = 0.9;

    private final ByteBuffer slots;
    private final int slotCount;
    private final MessageDigest digest;
    private final byte[] hash = new byte[HASH_BYTES];
    private int entries;

    /** A map in at most {@code memoryBytes} (at least one slot). */
    OffsetMap(int memoryBytes) {
        this.slotCount = Math.max(1, memoryBytes / SLOT_BYTES);
        this.slots = ByteBuffer.allocate(slotCount * SLOT_BYTES);
        try {
            this.digest = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java platform", e);
        }
    }

    /** The memory a map needs for {@code keys} keys: no more is allocated than the budget allows. */
    static long bytesFor(long keys) {
        return (long) Math.ceil(keys / LOAD_FACTOR + 1) * SLOT_BYTES;
    }

    /** How many keys fit before the map counts as full. */
    int capacity() {
        return Math.max(1, (int) (slotCount * LOAD_FACTOR));
    }

    int size() {
        return entries;
    }

    /**
     * Records that the latest record of {@code key} (from its position to its limit) is at
     * {@code offset}: a key the map holds is updated even when it is full.
     *
     * @return false, changing nothing, when {@code key} is new and the map is full
     */
    boolean put(ByteBuffer key, long offset) {
        int at = find(key) * SLOT_BYTES;
        if (isEmpty(at)) {
            if (entries >= capacity()) {
                return false;
            }
            slots.put(at, hash);
            entries++;
        }
        slots.putLong(at + HASH_BYTES, offset + 1);
        return true;
    }

    /** The offset of {@code key}'s latest record, or -1 when the map does not hold it. */
    long get(ByteBuffer key) {
        int at = find(key) * SLOT_BYTES;
        long stored = slots.getLong(at + HASH_BYTES);
        return stored - 1;
    }

    /**
     * The slot holding {@code key}'s digest, or the empty slot where it would go. Offsets are
     * stored plus one, so that an empty slot (all zeros) is told apart from offset 0.
     */
    private int find(ByteBuffer key) {
        digest.update(key.duplicate());
        try {
            digest.digest(hash, 0, HASH_BYTES);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException(e);
        }
        int slot = Math.floorMod(ByteBuffer.wrap(hash).getInt(), slotCount);
        while (true) {
            int at = slot * SLOT_BYTES;
            if (isEmpty(at) || matches(at)) {
                return slot;
            }
            slot = slot + 1 == slotCount ? 0 : slot + 1;
        }
    }

    private boolean isEmpty(int at) {
        return slots.getLong(at + HASH_BYTES) == 0;
    }

    private boolean matches(int at) {
        for (int i = 0; i < HASH_BYTES; i++) {
            if (slots.get(at + i) != hash[i]) {
                return false;
            }
        }
        return true;
    }
}
