package dev.katka.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises the CPU samples (jdk.ExecutionSample) of a JFR recording as Markdown:
 * the methods on top of the stack (self time), and the methods of one package prefix that appear
 * anywhere in the stack (total time, each counted once per sample).
 *
 * <pre>
 *   JfrTop FILE.jfr [LIMIT] [PACKAGE_PREFIX]
 * </pre>
 */
public final class JfrTop {

    private JfrTop() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 3) {
            System.err.println("usage: JfrTop FILE.jfr [LIMIT] [PACKAGE_PREFIX]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        int limit = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        String prefix = args.length > 2 ? args[2] : null;

        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> total = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        int samples = 0;
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                    continue;
                }
                RecordedStackTrace stack = event.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                samples++;
                List<RecordedFrame> frames = stack.getFrames();
                self.merge(name(frames.get(0).getMethod()), 1, Integer::sum);
                if (event.getThread("sampledThread") != null) {
                    String thread = event.getThread("sampledThread").getJavaName();
                    threads.merge(thread == null ? "?" : thread.replaceAll("[0-9]+", "N"), 1, Integer::sum);
                }
                if (prefix != null) {
                    Set<String> seen = new HashSet<>();
                    for (RecordedFrame frame : frames) {
                        String name = name(frame.getMethod());
                        if (name.startsWith(prefix) && seen.add(name)) {
                            total.merge(name, 1, Integer::sum);
                        }
                    }
                }
            }
        }
        System.out.println(samples + " execution samples in " + file.getFileName() + ".");
        System.out.println();
        table("Top methods (self, top of stack)", self, samples, limit);
        table("Busiest threads (digits folded to N)", threads, samples, limit);
        if (prefix != null) {
            table("Methods of " + prefix + "* anywhere on the stack (total)", total, samples, limit);
        }
    }

    private static String name(RecordedMethod method) {
        if (method == null) {
            return "?";
        }
        return method.getType().getName() + "." + method.getName();
    }

    private static void table(String title, Map<String, Integer> counts, int samples, int limit) {
        System.out.println("| " + title + " | samples | % |");
        System.out.println("|---|---:|---:|");
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(limit)
                .forEach(e -> System.out.printf("| `%s` | %d | %.1f |%n", e.getKey(), e.getValue(),
                        samples == 0 ? 0.0 : 100.0 * e.getValue() / samples));
        System.out.println();
    }
}
