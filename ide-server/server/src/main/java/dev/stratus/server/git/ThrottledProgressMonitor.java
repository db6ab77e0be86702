package dev.stratus.server.git;

import dev.stratus.protocol.git.GitClient;
import dev.stratus.protocol.git.GitProgressParams;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.eclipse.jgit.lib.ProgressMonitor;

/**
 * Forwards JGit's progress to the client as {@code git/progress} notifications: the start and
 * the end of each task always, updates in between at most once per interval, so a fast clone
 * does not flood the socket. Reports cancellation when the connection is gone, which makes JGit
 * stop the operation.
 */
final class ThrottledProgressMonitor implements ProgressMonitor {
    private final GitClient client;
    private final String operation;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final BooleanSupplier cancelled;
    private String task;
    private int total;
    private int completed;
    private long lastSent;

    ThrottledProgressMonitor(GitClient client, String operation, Duration interval, LongSupplier nanoClock,
                             BooleanSupplier cancelled) {
        this.client = client;
        this.operation = operation;
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
        this.cancelled = cancelled;
    }

    @Override
    public void start(int totalTasks) {
    }

    @Override
    public synchronized void beginTask(String title, int totalWork) {
        task = title;
        total = Math.max(0, totalWork);
        completed = 0;
        send();
    }

    @Override
    public synchronized void update(int work) {
        if (task == null) {
            return;
        }
        completed += work;
        if (nanoClock.getAsLong() - lastSent >= intervalNanos) {
            send();
        }
    }

    @Override
    public synchronized void endTask() {
        if (task == null) {
            return;
        }
        send();
        task = null;
    }

    @Override
    public boolean isCancelled() {
        return cancelled.getAsBoolean();
    }

    @Override
    public void showDuration(boolean enabled) {
    }

    private void send() {
        lastSent = nanoClock.getAsLong();
        try {
            client.progress(new GitProgressParams(operation, task, completed, total));
        } catch (RuntimeException e) {
            // A closed socket must not fail the git operation; isCancelled() ends it instead.
        }
    }
}
