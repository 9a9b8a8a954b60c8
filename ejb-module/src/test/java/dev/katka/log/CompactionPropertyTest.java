package dev.katka.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.katka.log.LogContents.Entry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import org.apache.kafka.common.utils.Utils;

/**
 * Any history of keyed appends (tombstones included), rolls, cleanings with any offset-map budget,
 * passing time and restarts (clean, or a crash after a flush): reading the log from its start
 * always gives records at their original offsets, ascending, each the one appended there, with
 * every key's latest record among them unless it is a tombstone older than
 * {@code delete.retention.ms}; and once everything is cleaned, exactly each key's latest record,
 * then, {@code delete.retention.ms} later, exactly the latest values of the keys not deleted.
 */
class CompactionPropertyTest {

    private static final long DELETE_RETENTION_MS = 10_000;

    sealed interface Step permits Append, Roll, Clean, Advance, Restart {
    }

    /** One batch: keys (0..9) with a value, or a tombstone where {@code tombstone} says. */
    record Append(List<Integer> keys, List<Boolean> tombstone) implements Step {
    }

    record Roll() implements Step {
    }

    /** A cleaning pass with an offset map for {@code mapKeys} keys. */
    record Clean(int mapKeys) implements Step {
    }

    record Advance(long ms) implements Step {
    }

    record Restart(boolean crash) implements Step {
    }

    @Property(tries = 60, shrinking = ShrinkingMode.BOUNDED)
    void readersSeeTheLatestRecordOfEveryKeyAtItsOriginalOffset(@ForAll("segmentBytes") int segmentBytes,
                                                                 @ForAll("histories") List<Step> steps)
            throws Exception {
        Path dir = Files.createTempDirectory("katka-compaction-property");
        try {
            new Run(dir, segmentBytes).play(steps);
        } finally {
            Utils.delete(dir.toFile());
        }
    }

    @Provide
    Arbitrary<Integer> segmentBytes() {
        return Arbitraries.integers().between(100, 1500);
    }

    @Provide
    Arbitrary<List<Step>> histories() {
        Arbitrary<Step> append = Arbitraries.integers().between(1, 4).flatMap(size -> Combinators.combine(
                Arbitraries.integers().between(0, 9).list().ofSize(size),
                Arbitraries.frequency(Tuple.of(4, false), Tuple.of(1, true)).list().ofSize(size)).as(Append::new));
        return Arbitraries.frequencyOf(
                Tuple.of(10, append),
                Tuple.of(2, Arbitraries.just(new Roll())),
                // At least one batch's keys (up to 4): a smaller map cannot clean at all (CleanerTest checks that error).
                Tuple.of(3, Arbitraries.integers().between(4, 40).map(Clean::new)),
                Tuple.of(1, Arbitraries.longs().between(0, 2 * DELETE_RETENTION_MS).map(Advance::new)),
                Tuple.of(1, Arbitraries.of(true, false).map(Restart::new))).list().ofMaxSize(60);
    }

    private static final class Run {
        private final Path dir;
        private final LogConfig config;
        private final ManualTime time = new ManualTime();
        /** Every record appended, by offset, with the time it was appended. */
        private final Map<Long, Entry> appended = new LinkedHashMap<>();
        private final Map<Long, Long> appendedAt = new HashMap<>();
        private PartitionLog log;

        Run(Path dir, int segmentBytes) {
            this.dir = dir;
            this.config = TestLogConfig.defaults().cleanupPolicy(false, true).segmentBytes(segmentBytes)
                    .indexIntervalBytes(64).deleteRetentionMs(DELETE_RETENTION_MS).build();
            this.log = PartitionLog.open(dir, config, time);
        }

        void play(List<Step> steps) throws Exception {
            try {
                for (Step step : steps) {
                    apply(step);
                    checkReadersSeeALegalState();
                }
                log.roll();
                cleanEverything();
                checkEveryKeysLatestRecordOnly(true);
                time.advance(DELETE_RETENTION_MS);
                cleanEverything();
                checkEveryKeysLatestRecordOnly(false);
            } finally {
                log.close();
            }
        }

        private void apply(Step step) throws Exception {
            if (step instanceof Append append) {
                append(append);
            } else if (step instanceof Roll) {
                log.roll();
            } else if (step instanceof Clean clean) {
                new Cleaner(OffsetMap.bytesFor(clean.mapKeys()), 256, time, () -> false).clean(log, Long.MAX_VALUE);
            } else if (step instanceof Advance advance) {
                time.advance(advance.ms());
            } else if (step instanceof Restart restart) {
                restart(restart.crash());
            }
        }

        private void append(Append append) {
            String[] keysAndValues = new String[append.keys().size() * 2];
            long next = log.logEndOffset();
            for (int i = 0; i < append.keys().size(); i++) {
                String key = "k" + append.keys().get(i);
                String value = append.tombstone().get(i) ? null : "v" + (next + i);
                keysAndValues[2 * i] = key;
                keysAndValues[2 * i + 1] = value;
                appended.put(next + i, new Entry(next + i, key, value));
                appendedAt.put(next + i, time.milliseconds());
            }
            long first = log.appendAsLeader(Batches.keyed(time.milliseconds(), keysAndValues), 0).firstOffset();
            assertThat(first).isEqualTo(next);
        }

        private void restart(boolean crash) {
            if (crash) {
                log.flush();
                log.closeUncleanly();
            } else {
                log.close();
            }
            log = PartitionLog.open(dir, config, time);
        }

        private void cleanEverything() throws Exception {
            Cleaner cleaner = new Cleaner(OffsetMap.bytesFor(3), 256, time, () -> false);
            int passes = 0;
            while (cleaner.clean(log, Long.MAX_VALUE).cleanedTo() < log.segments().get(log.segmentCount() - 1)
                    .baseOffset()) {
                assertThat(++passes).as("passes").isLessThan(1000);
            }
        }

        /** The latest record of each key, by key. */
        private Map<String, Entry> latest() {
            Map<String, Entry> latest = new HashMap<>();
            appended.values().forEach(entry -> latest.put(entry.key(), entry));
            return latest;
        }

        private boolean expiredTombstone(Entry entry) {
            return entry.value() == null && time.milliseconds() - appendedAt.get(entry.offset()) >= DELETE_RETENTION_MS;
        }

        private void checkReadersSeeALegalState() {
            List<Entry> contents = LogContents.read(log);
            long previous = -1;
            for (Entry entry : contents) {
                assertThat(entry.offset()).isGreaterThan(previous);
                assertThat(entry).as("the record appended at offset %d", entry.offset())
                        .isEqualTo(appended.get(entry.offset()));
                previous = entry.offset();
            }
            for (Entry latest : latest().values()) {
                if (!expiredTombstone(latest)) {
                    assertThat(contents).as("the latest record of %s", latest.key()).contains(latest);
                }
            }
        }

        private void checkEveryKeysLatestRecordOnly(boolean tombstonesMayStay) {
            List<Entry> expected = new ArrayList<>();
            List<Entry> contents = LogContents.read(log);
            for (Entry latest : latest().values()) {
                boolean tombstone = latest.value() == null;
                if (!tombstone || (tombstonesMayStay && contents.contains(latest))) {
                    expected.add(latest);
                }
                if (tombstone && tombstonesMayStay && !contents.contains(latest)) {
                    assertThat(expiredTombstone(latest)).as("tombstone %s gone early", latest).isTrue();
                }
            }
            expected.sort(java.util.Comparator.comparingLong(Entry::offset));
            assertThat(contents).isEqualTo(expected);
        }
    }
}
