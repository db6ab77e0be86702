package dev.stratus.ai;

import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.provider.DeploymentProbe;
import dev.stratus.ai.provider.ProbeResult;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Probes deployments again in the background, one thread for all, never on a request's path:
 * one that did not answer at start after {@code first} (10 s), then twice as long each time it
 * still does not, up to {@code cap} (5 minutes); one configured in full, whose start only asks
 * whether it answers, at once, then as one that did not answer at start; one a call just
 * reached, at once, to learn the context and tool support its first probe could not. At most one
 * probe per deployment is pending.
 *
 * <p>A deployment's {@code apiKeyFile} is read again before each of its probes ({@link RotatedKeys}).
 * One whose key was refused with no other in its file has its file read again as one that did not
 * answer is probed (10 s, then twice as long each time), and is probed once the file holds a new key.
 */
final class Reprobes implements AutoCloseable {
    private final DeploymentProbe probe;
    private final KnownDeployments known;
    private final RotatedKeys keys;
    private final Duration first;
    private final Duration cap;
    private final System.Logger log;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("ai-deployment-probe").factory());
    /**
     * Per deployment with probes pending: the round, which a probe started out of turn begins
     * anew (a probe of an older round ends its chain), and the wait before the next probe (zero
     * for the check of one configured in full, which is its start probe).
     */
    private final Map<String, Round> rounds = new ConcurrentHashMap<>();

    private record Round(int number, Duration delay) {
    }

    Reprobes(DeploymentProbe probe, KnownDeployments known, RotatedKeys keys, Duration first, Duration cap, System.Logger log) {
        this.probe = probe;
        this.known = known;
        this.keys = keys;
        this.first = first;
        this.cap = cap;
        this.log = log;
    }

    /** Probes {@code name} again after the first wait, and on while it does not answer. */
    void unreachable(String name) {
        if (rounds.putIfAbsent(name, new Round(0, first)) == null) {
            later(() -> run(name, 0), first);
        }
    }

    /** {@code name}'s key was refused and its file holds no other: reads it again after the first wait, and on until it does. */
    void keyRefused(String name) {
        unreachable(name);
    }

    /** {@code name} is configured in full: probes it now, to learn whether it answers, and on while it does not. */
    void check(String name) {
        now(name, Duration.ZERO);
    }

    /** A call reached {@code name}, taken for unreachable until then: probes it now, to learn what it serves. */
    void reached(String name) {
        now(name, first);
    }

    private void now(String name, Duration delay) {
        Round round = rounds.compute(name, (k, r) -> new Round(r == null ? 0 : r.number() + 1, delay));
        later(() -> run(name, round.number()), Duration.ZERO);
    }

    private void run(String name, int number) {
        Round round = rounds.get(name);
        if (round == null || round.number() != number) {
            return; // a later round took over
        }
        Deployment d = keys.beforeProbe(name).orElse(null);
        if (d == null) {
            return;
        }
        if (known.keyRefused(name)) {
            again(name, round, number); // the key is known to be refused: a probe with it would learn nothing
            return;
        }
        ProbeResult r = probe.probe(d); // never throws
        known.probed(r);
        boolean atStart = round.delay().isZero();
        if (atStart && !r.ok()) {
            log.log(System.Logger.Level.INFO, "Probing " + name + ": " + String.join("; ", r.problems()));
        }
        if (r.unreachable()) {
            again(name, round, number);
        } else if (rounds.remove(name, round) && !atStart) {
            log.log(System.Logger.Level.INFO, "Deployment " + name + " answers now"
                    + (r.ok() ? "" : "; probing it: " + String.join("; ", r.problems())));
        }
    }

    /** Schedules the round's next probe, twice as long after as the last (at least {@code first}, at most {@code cap}). */
    private void again(String name, Round round, int number) {
        Duration doubled = round.delay().multipliedBy(2);
        Duration wait = doubled.compareTo(first) < 0 ? first : doubled.compareTo(cap) > 0 ? cap : doubled;
        if (rounds.replace(name, round, new Round(number, wait))) {
            later(() -> run(name, number), wait);
        }
    }

    /**
     * Runs {@code probe} on the probe thread after {@code wait}; nothing once closed. Calls of an
     * earlier configuration's engine still finishing after an edit replaced it ({@link Generation})
     * may ask for probes then, and must not fail for it.
     */
    private void later(Runnable probe, Duration wait) {
        try {
            timer.schedule(probe, wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            // closed: the deployments of the configuration now in use are probed by their own
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
