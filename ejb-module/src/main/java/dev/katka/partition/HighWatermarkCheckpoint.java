package dev.katka.partition;

import dev.katka.log.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.apache.kafka.common.TopicPartition;

/**
 * The file {@code replication-offset-checkpoint} in the data directory: each partition's high
 * watermark as last written, so that a restarted replica knows which part of its log was
 * committed (a follower never truncates below it without the leader's word).
 *
 * <p>Layout, as Kafka writes it (text, one item per line):
 * <pre>
 * 0                       the format version
 * N                       the number of entries
 * topic partition offset  N times
 * </pre>
 *
 * <p>Written whole through {@link AtomicFile}, so a crash leaves either the old or the new
 * checkpoint. A file that cannot be read is reported and treated
 * as empty: high watermarks then start at 0 and are learned again from the leaders, which loses
 * nothing.
 *
 * <p>Thread-safety: {@link #write} is called by one thread at a time (the scheduler);
 * {@link #read} once at start-up.
 */
public final class HighWatermarkCheckpoint {

    public static final String FILE_NAME = "replication-offset-checkpoint";
    private static final Logger LOG = Logger.getLogger(HighWatermarkCheckpoint.class.getName());
    private static final int VERSION = 0;

    private final Path file;

    public HighWatermarkCheckpoint(Path dataDir) {
        this.file = dataDir.resolve(FILE_NAME);
    }

    /** The high watermarks last written; empty when there is no (readable) checkpoint. */
    public Map<TopicPartition, Long> read() {
        if (!Files.exists(file)) {
            return Map.of();
        }
        try {
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            LOG.warning(() -> "Ignoring the unreadable high-watermark checkpoint " + file + ": " + e.getMessage());
            return Map.of();
        }
    }

    private Map<TopicPartition, Long> parse(List<String> lines) {
        if (lines.size() < 2 || Integer.parseInt(lines.get(0).trim()) != VERSION) {
            throw new IllegalArgumentException("unknown format version or missing header");
        }
        int count = Integer.parseInt(lines.get(1).trim());
        if (lines.size() < 2 + count) {
            throw new IllegalArgumentException("expected " + count + " entries, found " + (lines.size() - 2));
        }
        Map<TopicPartition, Long> watermarks = new HashMap<>();
        for (int i = 2; i < 2 + count; i++) {
            String[] fields = lines.get(i).trim().split(" ");
            if (fields.length != 3) {
                throw new IllegalArgumentException("line " + (i + 1) + " is not 'topic partition offset'");
            }
            watermarks.put(new TopicPartition(fields[0], Integer.parseInt(fields[1])), Long.parseLong(fields[2]));
        }
        return watermarks;
    }

    /** Replaces the checkpoint with these high watermarks, durably. */
    public void write(Map<TopicPartition, Long> watermarks) {
        StringBuilder text = new StringBuilder().append(VERSION).append('\n').append(watermarks.size()).append('\n');
        watermarks.forEach((tp, offset) ->
                text.append(tp.topic()).append(' ').append(tp.partition()).append(' ').append(offset).append('\n'));
        try {
            AtomicFile.replace(file, ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the high-watermark checkpoint " + file, e);
        }
    }
}
