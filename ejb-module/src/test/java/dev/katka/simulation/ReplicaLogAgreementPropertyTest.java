package dev.katka.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.katka.log.LogAppendResult;
import dev.katka.log.LogConfig;
import dev.katka.log.PartitionLog;
import dev.katka.replication.PartitionReplicaLog;
import dev.katka.replication.ReplicaLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;

/**
 * The simulation's log ({@link SimulatedLog}, in memory) and the broker's
 * ({@link PartitionReplicaLog} over a {@link PartitionLog} on disk) are two implementations of
 * {@link ReplicaLog}: what the simulation finds holds for the broker only if they mean the same.
 * Any history of leader appends (some idempotent, some compressed), follower appends of a
 * leader's batches, truncations, flushes, restarts and process crashes (the files as the page
 * cache holds them, copied while the log is open; sometimes with the leader epoch checkpoint
 * lost or corrupt) leaves both with the same log start and end, latest epoch, OffsetForLeaderEpoch
 * answer for every epoch, and bytes.
 *
 * <p>Retention is not part of it: the simulated log has none.
 */
class ReplicaLogAgreementPropertyTest {

    private static final long PRODUCER = 7L;
    private static final long NOW = 1_700_000_000_000L;

    sealed interface Step permits Lead, Follow, Truncate, TruncateFully, Flush, Restart, Crash {
    }

    /** A producer's batch to this log as leader, in epoch latest + {@code epochStep}. */
    record Lead(int epochStep, Shape shape, CompressionType codec) implements Step {
    }

    /** The leader's batches, fetched by this log as follower; each a step up in epoch from the one before. */
    record Follow(List<FollowedBatch> batches) implements Step {
    }

    record FollowedBatch(int epochStep, Shape shape) {
    }

    record Shape(int records, int padding, boolean idempotent) {
    }

    /** To the offset at {@code fraction} of the log; beyond its end when above 1. */
    record Truncate(double fraction) implements Step {
    }

    /** Empties the log to restart at its end plus {@code fromEnd} (at least 0). */
    record TruncateFully(int fromEnd) implements Step {
    }

    /** fsync, and maintenance: the recovery point moves and is checkpointed. */
    record Flush() implements Step {
    }

    record Restart() implements Step {
    }

    /** @param checkpointHarm 0 none, 1 the leader epoch checkpoint is gone, 2 it is garbage */
    record Crash(int checkpointHarm) implements Step {
    }

    @Property(tries = 60, shrinking = ShrinkingMode.BOUNDED)
    void theSimulatedLogAndTheLogOnDiskAgree(@ForAll @IntRange(min = 150, max = 3000) int segmentBytes,
                                             @ForAll @IntRange(min = 1, max = 500) int indexIntervalBytes,
                                             @ForAll("histories") List<Step> steps) throws IOException {
        Path base = Files.createTempDirectory("katka-replica-log");
        try (Run run = new Run(base, config(segmentBytes, indexIntervalBytes))) {
            run.check();
            for (Step step : steps) {
                run.apply(step);
                run.check();
            }
        } finally {
            Utils.delete(base.toFile());
        }
    }

    private static LogConfig config(int segmentBytes, int indexIntervalBytes) {
        LogConfig defaults = LogConfig.defaults();
        return new LogConfig(segmentBytes, defaults.segmentMs(), 64 * 1024, indexIntervalBytes,
                defaults.flushMessages(), defaults.flushMs(), -1, -1, defaults.maxMessageBytes(),
                defaults.timestampType(), defaults.timestampBeforeMaxMs(), defaults.timestampAfterMaxMs(),
                defaults.fileDeleteDelayMs(), defaults.delete(), defaults.compact(), defaults.deleteRetentionMs(),
                defaults.minCleanableDirtyRatio(), defaults.minCompactionLagMs(), defaults.maxCompactionLagMs());
    }

    @Provide
    Arbitrary<List<Step>> histories() {
        Arbitrary<Integer> epochStep = Arbitraries.frequency(Tuple.of(7, 0), Tuple.of(2, 1), Tuple.of(1, 3));
        Arbitrary<Shape> shape = Combinators.combine(Arbitraries.integers().between(1, 5),
                Arbitraries.integers().between(0, 150), Arbitraries.of(true, false)).as(Shape::new);
        Arbitrary<Step> lead = Combinators.combine(epochStep, shape,
                Arbitraries.of(CompressionType.NONE, CompressionType.NONE, CompressionType.GZIP, CompressionType.LZ4))
                .as(Lead::new);
        Arbitrary<Step> follow = Combinators.combine(epochStep, shape).as(FollowedBatch::new)
                .list().ofMinSize(1).ofMaxSize(4).map(Follow::new);
        return Arbitraries.frequencyOf(
                Tuple.of(6, lead),
                Tuple.of(6, follow),
                Tuple.of(2, Arbitraries.doubles().between(0, 1.2).map(Truncate::new)),
                Tuple.of(1, Arbitraries.integers().between(-30, 30).map(TruncateFully::new)),
                Tuple.of(1, Arbitraries.just(new Flush())),
                Tuple.of(1, Arbitraries.just(new Restart())),
                Tuple.of(2, Arbitraries.integers().between(0, 2).map(Crash::new))
        ).list().ofMinSize(1).ofMaxSize(40);
    }

    /** One history against both logs. */
    private static final class Run implements AutoCloseable {
        private final Path base;
        private final LogConfig config;
        private final SimulatedLog model = new SimulatedLog();
        private Path dir;
        private int generation;
        private PartitionReplicaLog real;
        private int highestEpoch;

        Run(Path base, LogConfig config) {
            this.base = base;
            this.config = config;
            this.dir = base.resolve("log-0");
            this.real = open(dir);
        }

        private PartitionReplicaLog open(Path where) {
            return new PartitionReplicaLog(PartitionLog.open(where, config, FIXED_CLOCK, Long.MAX_VALUE));
        }

        void apply(Step step) throws IOException {
            if (step instanceof Lead lead) {
                lead(lead);
            } else if (step instanceof Follow follow) {
                follow(follow);
            } else if (step instanceof Truncate truncate) {
                long start = model.logStartOffset();
                long target = start + (long) (truncate.fraction() * (model.logEndOffset() - start));
                model.truncateTo(target);
                real.truncateTo(target);
            } else if (step instanceof TruncateFully truncate) {
                long offset = Math.max(0, model.logEndOffset() + truncate.fromEnd());
                model.truncateFullyAndStartAt(offset);
                real.truncateFullyAndStartAt(offset);
            } else if (step instanceof Flush) {
                real.log().flush();
                real.log().runMaintenance();
            } else if (step instanceof Restart) {
                real.log().close();
                real = open(dir);
            } else if (step instanceof Crash crash) {
                crash(crash.checkpointHarm());
            }
        }

        private void lead(Lead step) {
            int epoch = Math.max(model.latestEpoch(), 0) + step.epochStep();
            highestEpoch = Math.max(highestEpoch, epoch);
            MemoryRecords records = batch(Compression.of(step.codec()).build(), 0, RecordBatch.NO_PARTITION_LEADER_EPOCH,
                    step.shape(), nextSequence());
            LogAppendResult expected = model.appendAsLeader(copy(records), epoch);
            LogAppendResult actual = real.appendAsLeader(copy(records), epoch);
            assertThat(actual.firstOffset()).as("first offset").isEqualTo(expected.firstOffset());
            assertThat(actual.lastOffset()).as("last offset").isEqualTo(expected.lastOffset());
            assertThat(actual.recordCount()).as("record count").isEqualTo(expected.recordCount());
            assertThat(actual.duplicate()).isFalse();
        }

        private void follow(Follow step) {
            long offset = model.logEndOffset();
            int epoch = Math.max(model.latestEpoch(), 0);
            int sequence = nextSequence();
            List<MemoryRecords> batches = new ArrayList<>();
            for (FollowedBatch followed : step.batches()) {
                epoch += followed.epochStep();
                batches.add(batch(Compression.NONE, offset, epoch, followed.shape(), sequence));
                offset += followed.shape().records();
                if (followed.shape().idempotent()) {
                    sequence += followed.shape().records();
                }
            }
            highestEpoch = Math.max(highestEpoch, epoch);
            MemoryRecords fromLeader = concat(batches);
            model.appendAsFollower(copy(fromLeader));
            real.appendAsFollower(copy(fromLeader));
        }

        /** The producer's next sequence, as the batches that survived say: what both logs must expect. */
        private int nextSequence() {
            int next = 0;
            for (RecordBatch batch : model.read(model.logStartOffset(), Integer.MAX_VALUE).batches()) {
                if (batch.producerId() == PRODUCER) {
                    next = batch.lastSequence() + 1;
                }
            }
            return next;
        }

        /** The process dies: its files stay as the page cache holds them, checkpoint perhaps harmed. */
        private void crash(int checkpointHarm) throws IOException {
            Path copy = base.resolve("log-" + (++generation));
            Files.createDirectories(copy);
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                for (Path file : files) {
                    Files.copy(file, copy.resolve(file.getFileName()));
                }
            }
            Path checkpoint = copy.resolve("leader-epoch-checkpoint");
            if (checkpointHarm == 1) {
                Files.deleteIfExists(checkpoint);
            } else if (checkpointHarm == 2) {
                Files.writeString(checkpoint, "0\n7\n3 1\n", StandardCharsets.US_ASCII);
            }
            real.log().close();
            Utils.delete(dir.toFile());
            dir = copy;
            real = open(dir);
        }

        void check() {
            assertThat(real.logStartOffset()).as("log start").isEqualTo(model.logStartOffset());
            assertThat(real.logEndOffset()).as("log end").isEqualTo(model.logEndOffset());
            assertThat(real.latestEpoch()).as("latest epoch").isEqualTo(model.latestEpoch());
            for (int epoch = -1; epoch <= highestEpoch + 1; epoch++) {
                assertThat(real.endOffsetForEpoch(epoch)).as("end offset for epoch %d", epoch)
                        .isEqualTo(model.endOffsetForEpoch(epoch));
            }
            assertThat(readAll(real.log())).as("the bytes")
                    .isEqualTo(model.read(model.logStartOffset(), Integer.MAX_VALUE).buffer());
        }

        @Override
        public void close() {
            real.log().close();
        }
    }

    /** Everything {@code log} holds, read as a fetch would, one segment at a time. */
    private static ByteBuffer readAll(PartitionLog log) {
        List<ByteBuffer> parts = new ArrayList<>();
        int total = 0;
        long next = log.logStartOffset();
        while (next < log.logEndOffset()) {
            MemoryRecords part = log.read(next, Integer.MAX_VALUE, Long.MAX_VALUE, true).records().toMemoryRecords();
            assertThat(part.sizeInBytes()).as("a read at offset %d", next).isPositive();
            for (RecordBatch batch : part.batches()) {
                next = batch.nextOffset();
            }
            parts.add(part.buffer());
            total += part.sizeInBytes();
        }
        ByteBuffer all = ByteBuffer.allocate(total);
        parts.forEach(all::put);
        return all.flip();
    }

    /**
     * A batch: as a producer sends it (base offset 0, no leader epoch) or as a leader's log holds
     * it; values "v0", "v1", ... padded, so that sizes vary.
     */
    private static MemoryRecords batch(Compression compression, long baseOffset, int leaderEpoch, Shape shape,
                                       int sequence) {
        boolean idempotent = shape.idempotent();
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(256), RecordBatch.CURRENT_MAGIC_VALUE,
                compression, TimestampType.CREATE_TIME, baseOffset, RecordBatch.NO_TIMESTAMP,
                idempotent ? PRODUCER : RecordBatch.NO_PRODUCER_ID, idempotent ? (short) 0 : RecordBatch.NO_PRODUCER_EPOCH,
                idempotent ? sequence : RecordBatch.NO_SEQUENCE, false, leaderEpoch);
        for (int i = 0; i < shape.records(); i++) {
            builder.append(new SimpleRecord(NOW, "k".getBytes(StandardCharsets.UTF_8),
                    ("v" + i + "x".repeat(shape.padding())).getBytes(StandardCharsets.UTF_8)));
        }
        return builder.build();
    }

    private static MemoryRecords concat(List<MemoryRecords> parts) {
        ByteBuffer all = ByteBuffer.allocate(parts.stream().mapToInt(MemoryRecords::sizeInBytes).sum());
        parts.forEach(part -> all.put(part.buffer().duplicate()));
        return MemoryRecords.readableRecords(all.flip());
    }

    private static MemoryRecords copy(MemoryRecords records) {
        return concat(List.of(records));
    }

    /** Time stands still: nothing in these histories depends on it. */
    private static final Time FIXED_CLOCK = new Time() {
        @Override
        public long milliseconds() {
            return NOW;
        }

        @Override
        public long nanoseconds() {
            return TimeUnit.MILLISECONDS.toNanos(NOW);
        }

        @Override
        public void sleep(long ms) {
            throw new UnsupportedOperationException("nothing here sleeps");
        }
    };
}
