package dev.stratus.server.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.protocol.git.GitClient;
import dev.stratus.protocol.git.GitProgressParams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** git/progress throttling, driven by a hand-set clock (no sleeping, no timing assertions). */
class GitProgressThrottleTest {
    private final List<GitProgressParams> sent = new ArrayList<>();
    private final GitClient client = sent::add;
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ThrottledProgressMonitor monitor = new ThrottledProgressMonitor(client, "fetch", Duration.ofMillis(100),
            now::get, closed::get);

    @Test
    void sendsTheStartAndEndOfEveryTaskAndAtMostOneUpdatePerInterval() {
        monitor.beginTask("Receiving objects", 1000);
        for (int i = 0; i < 50; i++) {
            monitor.update(10);
            now.addAndGet(Duration.ofMillis(10).toNanos());
        }
        monitor.endTask();
        monitor.beginTask("Resolving deltas", 0);
        monitor.update(5);
        monitor.endTask();

        assertThat(sent.getFirst()).isEqualTo(new GitProgressParams("fetch", "Receiving objects", 0, 1000));
        List<GitProgressParams> receiving = sent.stream().filter(p -> p.task().equals("Receiving objects")).toList();
        // Updates every 10 ms from 0 to 490 ms: the start (0 ms), one update each at 100, 200, 300
        // and 400 ms, and the end.
        assertThat(receiving).extracting(GitProgressParams::completed).containsExactly(0, 110, 210, 310, 410, 500);
        assertThat(receiving.getLast()).isEqualTo(new GitProgressParams("fetch", "Receiving objects", 500, 1000));
        assertThat(sent.stream().filter(p -> p.task().equals("Resolving deltas")).toList())
                .containsExactly(new GitProgressParams("fetch", "Resolving deltas", 0, 0),
                        new GitProgressParams("fetch", "Resolving deltas", 5, 0));
    }

    @Test
    void reportsCancellationOnceTheConnectionIsClosedAndSurvivesAFailingClient() {
        assertThat(monitor.isCancelled()).isFalse();
        closed.set(true);
        assertThat(monitor.isCancelled()).isTrue();
        ThrottledProgressMonitor broken = new ThrottledProgressMonitor(p -> {
            throw new IllegalStateException("socket closed");
        }, "clone", Duration.ofMillis(100), now::get, closed::get);
        broken.beginTask("Counting objects", 3);
        broken.update(3);
        broken.endTask();
    }
}
