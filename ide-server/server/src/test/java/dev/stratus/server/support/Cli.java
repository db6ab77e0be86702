package dev.stratus.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The {@code stratus} command line run as a separate process, as an operator runs it. */
public final class Cli {
    public static final String MAIN = "dev.stratus.server.app.Main";

    private Cli() {
    }

    /** A Java command line running the server's main class from this test's class path. */
    public static List<String> java(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), MAIN));
        cmd.addAll(args);
        return cmd;
    }

    /** Starts the CLI with {@code env} added to this process's environment, minus {@code removed} variables. */
    public static Process start(List<String> args, Map<String, String> env, List<String> removed) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(java(args)).redirectErrorStream(true);
        removed.forEach(pb.environment()::remove);
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Its whole output, once it has exited (within two minutes). */
    public static String output(Process p) throws Exception {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(out).isTrue();
        return out;
    }
}
