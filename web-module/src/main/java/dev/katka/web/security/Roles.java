package dev.katka.web.security;

import java.util.Set;

/** The two roles of the console and the REST API; web.xml grants them their rights. */
final class Roles {

    /** May look and change: create and delete topics, produce, reset offsets. */
    static final String ADMIN = "admin";
    /** May only look (GET). */
    static final String VIEWER = "viewer";

    static final Set<String> ALL = Set.of(ADMIN, VIEWER);

    private Roles() {
    }
}
