package dev.katka.metrics;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects what Katka's classes log (java.util.logging), for tests of operator log lines. */
final class LogRecords extends Handler implements AutoCloseable {

    private final Logger logger = Logger.getLogger("dev.katka");
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    LogRecords() {
        setLevel(Level.ALL);
        logger.addHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    /** The formatted messages at INFO or above. */
    List<String> infoLines() {
        return records.stream().filter(r -> r.getLevel().intValue() >= Level.INFO.intValue())
                .map(r -> new java.util.logging.SimpleFormatter().formatMessage(r)).toList();
    }

    /** Records at INFO or above that carry a stack trace. */
    List<LogRecord> withStackTraces() {
        return records.stream().filter(r -> r.getThrown() != null && r.getLevel().intValue() >= Level.INFO.intValue())
                .toList();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
