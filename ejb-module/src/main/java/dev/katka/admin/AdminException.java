package dev.katka.admin;

import jakarta.ejb.ApplicationException;

/**
 * A request to an admin service that cannot be carried out, with a message for the person who
 * made it: it names the bad value ("topic 'x' does not exist"), never an internal detail.
 *
 * <p>An application exception, so it reaches the caller of an admin EJB as itself (the container
 * would otherwise wrap it in an {@code EJBException}); the services run without transactions, so
 * there is nothing to roll back.
 */
@ApplicationException
public class AdminException extends RuntimeException {

    /** What kind of failure it is: the REST layer turns each into its HTTP status. */
    public enum Kind {
        /** The topic, group or broker named does not exist. */
        NOT_FOUND,
        /** A value of the request is not acceptable. */
        INVALID,
        /** The request contradicts the cluster's state (topic exists, group has members). */
        CONFLICT,
        /** The cluster did not answer in time or could not do it now; trying again may work. */
        UNAVAILABLE
    }

    private final Kind kind;

    public AdminException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public AdminException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public static AdminException notFound(String message) {
        return new AdminException(Kind.NOT_FOUND, message);
    }

    public static AdminException invalid(String message) {
        return new AdminException(Kind.INVALID, message);
    }

    public static AdminException conflict(String message) {
        return new AdminException(Kind.CONFLICT, message);
    }

    public Kind kind() {
        return kind;
    }
}
