package dev.katka.log;

import java.io.File;
import java.io.IOException;
import org.apache.kafka.common.record.internal.FileRecords;

/**
 * Opens the {@code .log} file of a segment. Production uses {@link #DEFAULT}; the seam exists so
 * tests can put a failing disk (a channel whose writes fail part way) under a real log.
 */
@FunctionalInterface
interface RecordFileOpener {

    /** Opens {@code file} for reading and appending at its end, creating it if missing. */
    RecordFileOpener DEFAULT = file -> FileRecords.open(file, true, false, 0, false);

    FileRecords open(File file) throws IOException;
}
