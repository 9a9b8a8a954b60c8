package dev.katka.metadata;

/** The metadata store could not be read or written; the operation was not applied. */
public class MetadataStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MetadataStoreException(String message) {
        super(message);
    }

    public MetadataStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
