package dev.katka.admin;

/**
 * What the message browser is asked for, as the caller wrote it (each may be null):
 * {@code partition} (all partitions when null), a starting point ({@code offset} or
 * {@code timestamp}, not both), {@code order} ({@code newest}, the default, or {@code oldest}),
 * {@code limit} (1 to {@value #MAX_LIMIT}, default {@value #DEFAULT_LIMIT}) and {@code format}
 * ({@code text}, the default, {@code json} or {@code hex}).
 *
 * <p>Oldest first reads from the starting point on (the log start without one). Newest first
 * reads the records before the end of the log, or up to and including {@code offset}, or before
 * the first record at {@code timestamp}, and lists the latest first. Over several partitions the
 * records are merged by timestamp and the first {@code limit} of that order are returned.
 */
public record BrowseQuery(Integer partition, Long offset, Long timestamp, String order, Integer limit, String format) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    public static BrowseQuery all() {
        return new BrowseQuery(null, null, null, null, null, null);
    }

    boolean newestFirst() {
        if (order == null || order.equalsIgnoreCase("newest")) {
            return true;
        }
        if (order.equalsIgnoreCase("oldest")) {
            return false;
        }
        throw AdminException.invalid("order must be newest or oldest, not '" + order + "'");
    }

    int checkedLimit() {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw AdminException.invalid("limit must be between 1 and " + MAX_LIMIT + ", not " + limit);
        }
        return limit;
    }

    Rendering rendering() {
        return Rendering.named(format == null ? "text" : format);
    }

    void checkStartingPoint() {
        if (offset != null && timestamp != null) {
            throw AdminException.invalid("give offset or timestamp, not both");
        }
        if (offset != null && offset < 0) {
            throw AdminException.invalid("offset must be at least 0, not " + offset);
        }
        if (timestamp != null && timestamp < 0) {
            throw AdminException.invalid("timestamp must be at least 0, not " + timestamp);
        }
    }
}
