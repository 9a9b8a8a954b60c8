package dev.katka.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.katka.log.LeaderEpochCache.EpochEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LeaderEpochCacheTest {

    @TempDir
    Path dir;

    private PartitionDirectory partition() {
        return new PartitionDirectory(dir);
    }

    private Path file() {
        return partition().leaderEpochCheckpointFile();
    }

    private String fileText() throws IOException {
        return Files.readString(file(), StandardCharsets.US_ASCII);
    }

    /** Epoch 1 from offset 0, epoch 3 from 10, epoch 4 from 25. */
    private LeaderEpochCache threeEpochs() throws IOException {
        LeaderEpochCache cache = LeaderEpochCache.empty(partition());
        cache.assign(1, 0);
        cache.assign(3, 10);
        cache.assign(4, 25);
        return cache;
    }

    private LeaderEpochCache reread() {
        return LeaderEpochCache.read(partition()).orElseThrow();
    }

    // ---------------------------------------------------------------- format

    @Test
    void writesKafkasTextFormat() throws IOException {
        threeEpochs();

        assertThat(fileText()).isEqualTo("0\n3\n1 0\n3 10\n4 25\n");
    }

    @Test
    void readsBackWhatItWrote() throws IOException {
        LeaderEpochCache written = threeEpochs();

        assertThat(reread().entries()).isEqualTo(written.entries())
                .containsExactly(new EpochEntry(1, 0), new EpochEntry(3, 10), new EpochEntry(4, 25));
    }

    @Test
    void readsAFileWithoutEntries() throws IOException {
        Files.writeString(file(), "0\n0\n");

        assertThat(reread().entries()).isEmpty();
        assertThat(reread().latestEpoch()).isEqualTo(-1);
    }

    @Test
    void aMissingFileIsAbsent() {
        assertThat(LeaderEpochCache.read(partition())).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",                         // created, never written
        "0\n",                      // torn after the version
        "0\n2\n1 0\n",              // torn: fewer entries than counted
        "0\n1\n1 0",                // torn inside the last line
        "0\n1\n1 0\n3 10\n",        // more entries than counted
        "1\n1\n1 0\n",              // an unknown version
        "0\n2\n3 0\n1 10\n",        // epochs going down
        "0\n2\n1 10\n3 0\n",        // offsets going down
        "0\n2\n1 0\n1 10\n",        // an epoch twice
        "0\n1\n-1 0\n",             // a negative epoch
        "0\n1\n1 -5\n",             // a negative offset
        "0\n1\n1  0\n",             // two spaces
        "0\n1\n1\t0\n",             // not a space
        "0\nx\n",                   // not a number
        "0\n1\n99999999999 0\n",    // not an int
        "0\r\n1\r\n1 0\r\n",        // not our line ends
        "\u0000\u0000\u0000\u0000\n" // zeros, as a crash may leave a file
    })
    void aCorruptFileIsNotTrusted(String content) throws IOException {
        Files.writeString(file(), content, StandardCharsets.ISO_8859_1);

        assertThat(LeaderEpochCache.read(partition())).isEmpty();
    }

    @Test
    void aFileThatIsNotTextIsNotTrusted() throws IOException {
        Files.write(file(), new byte[] {'0', '\n', '1', '\n', (byte) 0xC3, (byte) 0xA9, ' ', '0', '\n'});

        assertThat(LeaderEpochCache.read(partition())).isEmpty();
    }

    @Test
    void aDirectoryInPlaceOfTheFileIsNotTrusted() throws IOException {
        Files.createDirectory(file());

        assertThat(LeaderEpochCache.read(partition())).isEmpty();
    }

    // ---------------------------------------------------------------- assign

    @Test
    void assignAppendsNewerEpochsAndWritesTheFile() throws IOException {
        LeaderEpochCache cache = LeaderEpochCache.empty(partition());

        assertThat(cache.assign(2, 5)).isTrue();
        assertThat(cache.assign(7, 9)).isTrue();

        assertThat(cache.latestEpoch()).isEqualTo(7);
        assertThat(reread().entries()).containsExactly(new EpochEntry(2, 5), new EpochEntry(7, 9));
    }

    @Test
    void theLatestEpochAgainIsNoChangeAndNoWrite() throws IOException {
        LeaderEpochCache cache = threeEpochs();
        Files.delete(file());

        assertThat(cache.assign(4, 40)).isFalse();
        assertThat(cache.assign(4, 25)).isFalse();

        assertThat(cache.entries()).containsExactly(new EpochEntry(1, 0), new EpochEntry(3, 10), new EpochEntry(4, 25));
        assertThat(file()).doesNotExist();
    }

    @Test
    void anOlderEpochOrAnEarlierOffsetIsIgnored() throws IOException {
        LeaderEpochCache cache = threeEpochs();

        assertThat(cache.assign(3, 40)).isFalse();
        assertThat(cache.assign(2, 40)).isFalse();
        assertThat(cache.assign(5, 24)).isFalse();

        assertThat(cache.entries()).containsExactly(new EpochEntry(1, 0), new EpochEntry(3, 10), new EpochEntry(4, 25));
        assertThat(reread().entries()).isEqualTo(cache.entries());
    }

    @Test
    void aNewerEpochMayStartWhereTheLatestStarted() throws IOException {
        LeaderEpochCache cache = threeEpochs();

        assertThat(cache.assign(5, 25)).isTrue();

        assertThat(cache.entries()).endsWith(new EpochEntry(4, 25), new EpochEntry(5, 25));
        assertThat(cache.endOffsetFor(4, 30)).isEqualTo(new EpochEnd(4, 25));
        assertThat(reread().entries()).isEqualTo(cache.entries());
    }

    @Test
    void negativeEpochsAndOffsetsAreRefused() {
        LeaderEpochCache cache = LeaderEpochCache.empty(partition());

        assertThatThrownBy(() -> cache.assign(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cache.assign(0, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void assigningBatchesTakesEachBatchsEpochAtItsBaseOffsetAndSkipsBatchesWithoutOne() throws IOException {
        LeaderEpochCache cache = LeaderEpochCache.empty(partition());

        cache.assign(Batches.concat(
                Batches.leaderBatch(0, 3, 2),
                Batches.leaderBatch(3, 1, 2),
                Batches.leaderBatch(4, -1, 2),
                Batches.leaderBatch(6, 5, 1)).batches());

        assertThat(cache.entries()).containsExactly(new EpochEntry(3, 0), new EpochEntry(5, 6));
        assertThat(reread().entries()).isEqualTo(cache.entries());
    }

    // ---------------------------------------------------------------- queries

    @Test
    void endOffsetForIsWhereTheNextEpochStartsOrTheLogEnd() throws IOException {
        LeaderEpochCache cache = threeEpochs();

        assertThat(cache.endOffsetFor(1, 40)).isEqualTo(new EpochEnd(1, 10));
        assertThat(cache.endOffsetFor(3, 40)).isEqualTo(new EpochEnd(3, 25));
        assertThat(cache.endOffsetFor(4, 40)).isEqualTo(new EpochEnd(4, 40));
    }

    @Test
    void endOffsetForAnEpochTheLogNeverHadAnswersTheLargestEpochBelowIt() throws IOException {
        LeaderEpochCache cache = threeEpochs();

        assertThat(cache.endOffsetFor(2, 40)).isEqualTo(new EpochEnd(1, 10));
        assertThat(cache.endOffsetFor(9, 40)).isEqualTo(new EpochEnd(4, 40));
    }

    @Test
    void endOffsetForAnEpochBelowTheEarliestIsUndefined() throws IOException {
        LeaderEpochCache cache = threeEpochs();

        assertThat(cache.endOffsetFor(0, 40)).isEqualTo(EpochEnd.UNDEFINED);
        assertThat(cache.endOffsetFor(-1, 40)).isEqualTo(EpochEnd.UNDEFINED);
        assertThat(EpochEnd.UNDEFINED.isDefined()).isFalse();
        assertThat(LeaderEpochCache.empty(partition()).endOffsetFor(3, 0)).isEqualTo(EpochEnd.UNDEFINED);
        assertThat(LeaderEpochCache.empty(partition()).latestEpoch()).isEqualTo(-1);
    }

    // ---------------------------------------------------------------- truncation

    @Test
    void truncateFromEndDropsTheEpochsStartingAtOrAfterTheOffset() throws IOException {
        LeaderEpochCache cache = threeEpochs();

        cache.truncateFromEnd(26);
        assertThat(cache.entries()).hasSize(3);
        cache.truncateFromEnd(25);
        assertThat(cache.entries()).containsExactly(new EpochEntry(1, 0), new EpochEntry(3, 10));
        assertThat(cache.endOffsetFor(3, 20)).isEqualTo(new EpochEnd(3, 20));
        cache.truncateFromEnd(10);
        assertThat(cache.entries()).containsExactly(new EpochEntry(1, 0));

        assertThat(reread().entries()).isEqualTo(cache.entries());
    }

    @Test
    void truncateFromStartMovesTheCoveringEpochToTheNewStartAndDropsEarlierOnes() throws IOException {
        LeaderEpochCache cache = threeEpochs();

        cache.truncateFromStart(12);

        assertThat(cache.entries()).containsExactly(new EpochEntry(3, 12), new EpochEntry(4, 25));
        assertThat(cache.endOffsetFor(1, 40)).isEqualTo(EpochEnd.UNDEFINED);
        assertThat(reread().entries()).isEqualTo(cache.entries());
    }

    @Test
    void truncateFromStartAtAnEpochsStartKeepsThatEpoch() throws IOException {
        LeaderEpochCache cache = threeEpochs();

        cache.truncateFromStart(25);

        assertThat(cache.entries()).containsExactly(new EpochEntry(4, 25));
    }

    @Test
    void truncateFromStartPastEveryEpochKeepsTheLatestAtTheNewStart() throws IOException {
        LeaderEpochCache cache = threeEpochs();

        cache.truncateFromStart(90);   // retention emptied the log up to its end

        assertThat(cache.entries()).containsExactly(new EpochEntry(4, 90));
        assertThat(cache.endOffsetFor(4, 90)).isEqualTo(new EpochEnd(4, 90));
    }

    @Test
    void truncateFromStartBelowTheFirstEpochChangesNothing() throws IOException {
        LeaderEpochCache cache = LeaderEpochCache.empty(partition());
        cache.assign(2, 10);
        Files.delete(file());

        cache.truncateFromStart(5);
        cache.truncateFromStart(10);

        assertThat(cache.entries()).containsExactly(new EpochEntry(2, 10));
        assertThat(file()).doesNotExist();
    }

    @Test
    void clearEmptiesTheCacheAndTheFile() throws IOException {
        LeaderEpochCache cache = threeEpochs();

        cache.clear();

        assertThat(cache.entries()).isEmpty();
        assertThat(cache.latestEpoch()).isEqualTo(-1);
        assertThat(fileText()).isEqualTo("0\n0\n");
    }

    // ---------------------------------------------------------------- failures

    @Test
    void anAssignThatCannotBeWrittenChangesNothing() throws IOException {
        LeaderEpochCache cache = threeEpochs();
        Path blocker = blockWrites();

        assertThatThrownBy(() -> cache.assign(6, 30)).isInstanceOf(IOException.class);

        assertThat(cache.latestEpoch()).isEqualTo(4);
        Files.delete(blocker);
        assertThat(reread().latestEpoch()).isEqualTo(4);
    }

    @Test
    void aTruncationThatCannotBeWrittenStillTruncatesAndTheNextChangeRewritesTheFile() throws IOException {
        LeaderEpochCache cache = threeEpochs();
        Path blocker = blockWrites();

        assertThatThrownBy(() -> cache.truncateFromEnd(10)).isInstanceOf(IOException.class);
        assertThat(cache.entries()).containsExactly(new EpochEntry(1, 0));
        assertThat(reread().entries()).hasSize(3);

        Files.delete(blocker);
        cache.truncateFromEnd(10);   // no change, but the file is behind

        assertThat(reread().entries()).containsExactly(new EpochEntry(1, 0));
    }

    /** A directory where the temporary file of the atomic write would go: every write fails. */
    private Path blockWrites() throws IOException {
        return Files.createDirectory(file().resolveSibling(file().getFileName() + ".tmp"));
    }
}
