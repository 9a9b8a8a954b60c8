package dev.katka.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's refusals that need no broker: each names what is wrong and starts nothing. */
class LauncherIT {

    @TempDir
    Path dataDir;

    @Test
    void aMissingConfigurationFileIsRefusedNamingIt() throws Exception {
        Path missing = dataDir.resolve("nowhere.properties");
        Result result = launcher("start", "--data", dataDir.toString(), "--config", missing.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).contains("the configuration file " + missing + " does not exist");
        assertThat(dataDir.resolve(".katka/katka.pid")).doesNotExist();
    }

    @Test
    void badPortsAndHeapSizesAreRefusedNamingTheValue() throws Exception {
        assertThat(launcher("start", "--data", dataDir.toString(), "--port", "90000").output())
                .contains("--port needs a port number (0-65535), not '90000'");
        assertThat(launcher("start", "--data", dataDir.toString(), "--http-port", "web").output())
                .contains("--http-port needs a port number (0-65535), not 'web'");
        assertThat(launcher(List.of("KATKA_HEAP=lots"), "start", "--data", dataDir.toString()).output())
                .contains("KATKA_HEAP must be a JVM memory size such as 1g or 512m, not 'lots'");
    }

    @Test
    void unknownCommandsAndOptionsAreNamed() throws Exception {
        Result command = launcher("launch");
        assertThat(command.exitCode()).isEqualTo(1);
        assertThat(command.output()).contains("unknown command 'launch'");
        assertThat(launcher("start", "--daat", "x").output()).contains("unknown option '--daat'");
        assertThat(launcher("--help").exitCode()).isZero();
    }

    @Test
    void statusAndStopOfABrokerThatNeverRanSaySo() throws Exception {
        Result status = launcher("status", "--data", dataDir.toString());
        assertThat(status.exitCode()).isEqualTo(3);
        assertThat(status.output()).contains("stopped (data " + dataDir);
        assertThat(launcher("stop", "--data", dataDir.toString()).output()).contains("no broker has run on " + dataDir);
    }

    private static Result launcher(String... arguments) throws IOException, InterruptedException {
        return launcher(List.of(), arguments);
    }

    private static Result launcher(List<String> environment, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", Launcher.path().toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("KATKA_"));
        for (String variable : environment) {
            String[] nameAndValue = variable.split("=", 2);
            builder.environment().put(nameAndValue[0], nameAndValue[1]);
        }
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the launcher did not end within 60 s: " + command);
        }
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private record Result(int exitCode, String output) {
    }
}
