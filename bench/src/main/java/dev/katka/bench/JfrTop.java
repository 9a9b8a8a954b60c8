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
 * Summarises the CPU side of a JFR recording as Markdown: the CPU load, the methods on top of the
 * stack in the execution samples (self time), the threads by CPU time (jdk.ThreadCPULoad), and the
 * methods of one package prefix that appear anywhere in the stack (total, once per sample).
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
        Map<String, Double> threadCpu = new HashMap<>();
        double machineCpu = 0;
        double processCpu = 0;
        int cpuReadings = 0;
        int gcs = 0;
        double gcPauseMs = 0;
        int samples = 0;
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                String type = event.getEventType().getName();
                if (type.equals("jdk.ThreadCPULoad") && event.getThread() != null) {
                    // Fractions of the whole machine, one reading per thread per second.
                    threadCpu.merge(fold(event.getThread().getJavaName()),
                            (double) event.getFloat("user") + event.getFloat("system"), Double::sum);
                    continue;
                }
                if (type.equals("jdk.CPULoad")) {
                    machineCpu += event.getFloat("machineTotal");
                    processCpu += event.getFloat("jvmUser") + event.getFloat("jvmSystem");
                    cpuReadings++;
                    continue;
                }
                if (type.equals("jdk.GarbageCollection")) {
                    gcs++;
                    gcPauseMs += event.getDuration("sumOfPauses").toNanos() / 1e6;
                    continue;
                }
                if (!type.equals("jdk.ExecutionSample")) {
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
                    threads.merge(fold(thread), 1, Integer::sum);
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
        if (cpuReadings > 0) {
            System.out.printf("CPU (average of %d readings, share of the whole machine): this JVM %.0f%%, machine %.0f%%."
                    + " %d garbage collections, %.0f ms of pauses.%n", cpuReadings, 100 * processCpu / cpuReadings,
                    100 * machineCpu / cpuReadings, gcs, gcPauseMs);
        }
        System.out.println();
        table("Top methods (self, top of stack)", self, samples, limit);
        table("Threads in the samples (digits folded to N)", threads, samples, limit);
        if (cpuReadings > 0) {
            System.out.println("| Threads by CPU time (digits folded to N) | CPU-seconds | % of the JVM |");
            System.out.println("|---|---:|---:|");
            // Readings are per second, as fractions of all cores: times the cores, in CPU-seconds.
            int cores = Runtime.getRuntime().availableProcessors();
            double all = threadCpu.values().stream().mapToDouble(Double::doubleValue).sum();
            threadCpu.entrySet().stream()
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .limit(limit)
                    .forEach(e -> System.out.printf("| `%s` | %.1f | %.1f |%n", e.getKey(), e.getValue() * cores,
                            all == 0 ? 0.0 : 100 * e.getValue() / all));
            System.out.println();
        }
        if (prefix != null) {
            table("Methods of " + prefix + "* anywhere on the stack (total)", total, samples, limit);
        }
    }

    private static String fold(String thread) {
        return thread == null ? "?" : thread.replaceAll("[0-9]+", "N");
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
