package dev.katka.protocol;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.requests.ApiError;

/**
 * Turns a failure into the error a client gets. Expected client errors ({@link ApiException}:
 * an unknown topic, a bad config) pass through quietly; anything else is a broker fault, logged
 * once with its stack trace and answered as UNKNOWN_SERVER_ERROR or, for storage failures,
 * KAFKA_STORAGE_ERROR.
 */
final class ApiErrors {

    private static final Logger LOG = Logger.getLogger(ApiErrors.class.getName());

    private ApiErrors() {
    }

    static ApiError of(Throwable failure, String whileDoing) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (!(cause instanceof ApiException)) {
            LOG.log(Level.WARNING, "Failed while " + whileDoing, cause);
        }
        return ApiError.fromThrowable(cause);
    }
}
