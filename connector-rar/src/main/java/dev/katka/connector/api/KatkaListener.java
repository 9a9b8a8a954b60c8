package dev.katka.connector.api;

/**
 * What a message-driven bean implements to receive records, one per call.
 *
 * <p>Records of one partition arrive in order, one at a time; different partitions are
 * delivered in parallel, up to the activation's {@code maxConcurrency}. The record's offset is
 * committed only after this method returned normally (and, in a container-managed transaction,
 * the transaction committed): delivery is at least once.
 */
public interface KatkaListener {

    /**
     * Handles one record.
     *
     * @throws Exception to have the record delivered again (up to the activation's
     *                   {@code retries}), and then sent to the dead-letter topic
     */
    void onRecord(IncomingRecord record) throws Exception;
}
