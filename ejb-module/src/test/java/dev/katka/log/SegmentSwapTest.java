package dev.katka.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.katka.log.LogContents.Entry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A crash at any step of swapping cleaned segments in: the directory is copied as the step left it
 * (everything before it is fsynced), opened as after a crash, and must hold exactly the log before
 * the cleaning or exactly the log after it, never a mix, and work on.
 */
class SegmentSwapTest {

    @TempDir
    Path dir;
    @TempDir
    Path crashes;

    private final ManualTime time = new ManualTime();
    private PartitionLog log;
    private final List<PartitionLog> opened = new ArrayList<>();

    @AfterEach
    void closeLogs() {
        opened.forEach(PartitionLog::close);
    }

    /**
     * Segments of two records, the group size limit two segments: the first group's last segment
     * loses every record to the second group, the case where the swap file's name must say where
     * the replaced segments end.
     */
    private void writeLog() {
        int twoRecords = Batches.keyed(0, "k0", "v", "k1", "v").sizeInBytes();
        log = PartitionLog.open(dir, TestLogConfig.defaults().cleanupPolicy(false, true)
                .segmentBytes(twoRecords * 2 + 10).build(), time);
        opened.add(log);
        String[][] batches = {{"a", "a1", "b", "b1"}, {"c", "c1", "d", "d1"}, {"c", "c2", "d", "d2"},
                {"a", "a2", "e", "e1"}, {"b", null, "f", "f1"}};
        for (String[] batch : batches) {
            log.appendAsLeader(Batches.keyed(time.milliseconds(), batch), 0);
            log.roll();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"CLEANED_WRITTEN", "COMMITTED", "OLD_SEGMENT_RENAMED", "INDEXES_RENAMED", "FINISHED"})
    void aCrashAtAnyStepOfASwapLeavesTheLogBeforeOrAfterIt(String step) throws Exception {
        writeLog();
        List<Entry> before = LogContents.read(log);
        List<Path> snapshots = new ArrayList<>();
        log.observeSwapSteps(reached -> {
            if (reached.name().equals(step)) {
                snapshots.add(copyOfDirectory(snapshots.size()));
            }
        });

        new Cleaner(1024 * 1024, 4096, time, () -> false).clean(log, Long.MAX_VALUE);
        List<Entry> after = LogContents.read(log);

        assertThat(snapshots).as("one snapshot per swapped group").hasSizeGreaterThan(1);
        for (int i = 0; i < snapshots.size(); i++) {
            PartitionLog recovered = PartitionLog.open(snapshots.get(i), log.config(), time);
            opened.add(recovered);
            List<Entry> contents = LogContents.read(recovered);
            assertThat(contents).as("after a crash at %s of swap %d", step, i)
                    .isIn(swappedUpTo(before, after));
            if (i == 0) {
                assertThat(contents).as("the first group loses every record once swapped")
                        .isEqualTo(step.equals("CLEANED_WRITTEN") ? before : after);
            }
            recovered.segments().forEach(IndexChecks::assertIndexesAgreeWithTheFile);
            try (Stream<Path> files = Files.list(snapshots.get(i))) {
                assertThat(files.map(path -> path.getFileName().toString()))
                        .noneMatch(name -> name.endsWith(".cleaned") || name.endsWith(".swap")
                                || name.endsWith(".deleted"));
            }
            assertThat(recovered.appendAsLeader(Batches.keyed(time.milliseconds(), "g", "g1"), 0).firstOffset())
                    .isEqualTo(10);
            new Cleaner(1024 * 1024, 4096, time, () -> false).clean(recovered, Long.MAX_VALUE);
            assertThat(LogContents.read(recovered)).as("cleaned again, it ends as the log without a crash")
                    .isEqualTo(withRecord(after, new Entry(10, "g", "g1")));
        }
    }

    /**
     * The states the log may pass through while cleaned groups are swapped in one after the other:
     * the cleaned log below a segment boundary, the log before the cleaning from there on.
     */
    private static List<List<Entry>> swappedUpTo(List<Entry> before, List<Entry> after) {
        List<List<Entry>> states = new ArrayList<>();
        for (long boundary = 0; boundary <= 10; boundary += 2) {
            long swappedBelow = boundary;
            List<Entry> state = new ArrayList<>();
            after.stream().filter(entry -> entry.offset() < swappedBelow).forEach(state::add);
            before.stream().filter(entry -> entry.offset() >= swappedBelow).forEach(state::add);
            states.add(state);
        }
        return states;
    }

    private static List<Entry> withRecord(List<Entry> entries, Entry added) {
        List<Entry> all = new ArrayList<>(entries);
        all.add(added);
        return all;
    }

    private Path copyOfDirectory(int index) {
        try {
            Path copy = Files.createDirectories(crashes.resolve("crash-" + index));
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.copy(file, copy.resolve(file.getFileName()));
                }
            }
            return copy;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
