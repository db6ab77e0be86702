package dev.stratus.server.terminal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends everything a terminal started, the way a terminal hang-up would: SIGHUP to every process
 * group of the shell's session (the shell's own and those of its jobs, which interactive shells
 * put in groups of their own), then, after a grace time, SIGKILL to whatever is left in the
 * session or below the shell. Sessions are read from {@code /proc}; where there is none, the
 * shell's group and descendants are used.
 */
final class ProcessReaper {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessReaper.class);
    private static final Path PROC = Path.of("/proc");

    private ProcessReaper() {
    }

    /**
     * Hangs up the session led by {@code leader}, waits up to {@code grace}, then kills what is
     * left. {@code leaderRunning} false means the leader has exited and been reaped: its pid may
     * then belong to another process, so only processes still in its session (which keeps the
     * pid reserved) are ended.
     */
    static void end(long leader, boolean leaderRunning, Duration grace) {
        Set<Long> members = members(leader, leaderRunning);
        if (members.isEmpty()) {
            return;
        }
        Set<Long> groups = new LinkedHashSet<>();
        groups.add(leader);
        for (long pid : members) {
            long pgrp = stat(pid).pgrp;
            if (pgrp > 0) {
                groups.add(pgrp);
            }
        }
        signalGroups("HUP", groups);
        long deadline = System.nanoTime() + grace.toNanos();
        while (System.nanoTime() < deadline && !members(leader, leaderRunning).isEmpty()) {
            if (!sleep(20)) {
                break;
            }
        }
        for (long pid : members(leader, leaderRunning)) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** Live (not zombie) processes of the session led by {@code leader}, and the running leader's descendants. */
    static Set<Long> members(long leader, boolean leaderRunning) {
        Set<Long> pids = new LinkedHashSet<>();
        ProcessHandle.of(leader).filter(h -> leaderRunning).ifPresent(h -> {
            if (alive(h.pid())) {
                pids.add(h.pid());
            }
            h.descendants().filter(d -> alive(d.pid())).forEach(d -> pids.add(d.pid()));
        });
        if (Files.isDirectory(PROC)) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, "[0-9]*")) {
                for (Path dir : dirs) {
                    long pid = Long.parseLong(dir.getFileName().toString());
                    Stat s = stat(pid);
                    if (s.session == leader && s.state != 'Z') {
                        pids.add(pid);
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.debug("Cannot list processes: {}", e.toString());
            }
        }
        return pids;
    }

    private static boolean alive(long pid) {
        Stat s = stat(pid);
        return s.state == '?' ? ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) : s.state != 'Z' && s.state != 'X';
    }

    private record Stat(char state, long pgrp, long session) {
    }

    private static Stat stat(long pid) {
        try {
            String line = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
            // The command name (field 2) may hold spaces and parentheses: the fields we need follow the last ')'.
            String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
            return new Stat(f[0].charAt(0), Long.parseLong(f[2]), Long.parseLong(f[3]));
        } catch (IOException | RuntimeException e) {
            return new Stat('?', -1, -1);
        }
    }

    private static void signalGroups(String signal, Set<Long> groups) {
        List<String> cmd = new ArrayList<>(List.of("kill", "-s", signal, "--"));
        groups.forEach(g -> cmd.add("-" + g));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            // No kill(1): end the groups' leaders politely instead (SIGTERM).
            groups.forEach(g -> ProcessHandle.of(g).ifPresent(ProcessHandle::destroy));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean sleep(long ms) {
        try {
            Thread.sleep(ms);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
