package dev.katka.connector;

import java.util.function.Supplier;

/**
 * Runs kafka-clients code with the adapter's own class loader as the thread's context class
 * loader. Kafka resolves the classes its configuration names (defaults included, such as the
 * OAuth token retriever) through the context class loader, and the container's threads that call
 * into the adapter (the admin thread pinging a pool, a work manager thread) may have one that
 * cannot see the jars inside the .rar: an adapter embedded in an EAR is visible to that EAR only.
 * Without this, {@code ProducerConfig} failed to initialise on Payara Server.
 *
 * <p>Thread-safe; restores the caller's context class loader.
 */
public final class AdapterClassLoader {

    private AdapterClassLoader() {
    }

    /** {@code action}'s result, computed with the adapter's class loader as context class loader. */
    public static <T> T call(Supplier<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(AdapterClassLoader.class.getClassLoader());
        try {
            return action.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Runs {@code action} with the adapter's class loader as context class loader. */
    public static void run(Runnable action) {
        call(() -> {
            action.run();
            return null;
        });
    }
}
