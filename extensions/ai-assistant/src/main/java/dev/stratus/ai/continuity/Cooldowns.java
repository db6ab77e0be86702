package dev.stratus.ai.continuity;

import dev.stratus.ai.model.CompletionsUnservedException;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.ProviderException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Which deployments are cooling down, shared by every call of the process: a 429 one user's
 * call meets makes every other call skip that deployment until it recovers. Thread-safe.
 *
 * <p>The consecutive-failure count that grows the cooldown survives the cooldown's end and is
 * reset only by a success, so a deployment that keeps failing is left alone longer each time.
 */
public final class Cooldowns {
    private final CooldownPolicy policy;
    private final InstantSource clock;
    private final RandomGenerator random;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, Integer> servedContexts = new ConcurrentHashMap<>();
    private final Map<String, String> completionsUnserved = new ConcurrentHashMap<>();
    private final List<CooldownListener> listeners = new CopyOnWriteArrayList<>();

    /**
     * @param random used for jitter from several threads at once, so thread-safe
     */
    public Cooldowns(CooldownPolicy policy, InstantSource clock, RandomGenerator random) {
        this.policy = policy;
        this.clock = clock;
        this.random = random;
    }

    /** Default policy, the system clock and each thread's {@link ThreadLocalRandom}. */
    public Cooldowns() {
        this(CooldownPolicy.defaults(), InstantSource.system(), () -> ThreadLocalRandom.current().nextLong());
    }

    /** Adds a listener; one that throws is skipped for that event, never breaking the caller. */
    public void addListener(CooldownListener listener) {
        listeners.add(listener);
    }

    public void removeListener(CooldownListener listener) {
        listeners.remove(listener);
    }

    /**
     * Records what a failure means for the deployment.
     *
     * @return the cooldown it now has, or empty when failures of this kind do not cool a
     *     deployment down (context overflow, bad request)
     */
    public Optional<Cooldown> recordFailure(String deployment, ProviderException failure) {
        if (failure.kind() == ProviderException.Kind.CONTEXT_OVERFLOW && failure.servedContext() != null) {
            servedContexts.put(deployment, failure.servedContext());
        }
        if (failure instanceof CompletionsUnservedException) {
            completionsUnserved.put(deployment, "serves no text completions (HTTP " + failure.status() + " for POST /completions)");
        }
        CooldownReason reason = CooldownReason.of(failure.kind());
        return reason == null ? Optional.empty() : Optional.of(recordFailure(deployment, reason, failure.retryAfter()));
    }

    /**
     * Starts (or extends) the deployment's cooldown. A cooldown already running to a later
     * instant is kept: a concurrent call may have been told to wait longer.
     *
     * @param retryAfter the provider's wait, used up to the policy's cap; null to compute one from the policy
     * @return the cooldown it now has
     */
    public Cooldown recordFailure(String deployment, CooldownReason reason, Duration retryAfter) {
        Instant now = clock.instant();
        Cooldown[] started = new Cooldown[1];
        entries.compute(deployment, (name, old) -> {
            int failures = old == null ? 1 : old.cooldown.consecutiveFailures() + 1;
            Instant until = now.plus(length(reason, failures, retryAfter));
            if (old != null && !old.ended && old.cooldown.until().isAfter(until)) {
                Cooldown longer = old.cooldown;
                started[0] = new Cooldown(name, longer.reason(), longer.until(), failures, longer.retryAfter());
            } else {
                started[0] = new Cooldown(name, reason, until, failures, retryAfter);
            }
            return new Entry(started[0], false);
        });
        fire(new CooldownEvent.Started(started[0]));
        return started[0];
    }

    /** A call to the deployment succeeded: its cooldown and failure count are gone. */
    public void recordSuccess(String deployment) {
        remove(deployment, CooldownEvent.Ended.How.CLEARED_BY_SUCCESS);
    }

    /** Forgets the deployment's cooldown, failure count, served context and completions (its configuration changed). */
    public void clear(String deployment) {
        servedContexts.remove(deployment);
        completionsUnserved.remove(deployment);
        remove(deployment, CooldownEvent.Ended.How.CLEARED);
    }

    /**
     * The deployment has a new key: a cooldown for its refused one is over (one for any other
     * reason runs on).
     */
    public void rekeyed(String deployment) {
        Entry e = entries.get(deployment);
        if (e != null && e.cooldown.reason() == CooldownReason.AUTH && entries.remove(deployment, e) && !e.ended) {
            fire(new CooldownEvent.Ended(deployment, e.cooldown.reason(), CooldownEvent.Ended.How.CLEARED));
        }
    }

    /**
     * The context, in tokens, the deployment said it serves when it last refused a request as too
     * long, or empty when it never did. A deployment may report more than it serves (Ollama reports
     * a model's native context while its {@code num_ctx} is smaller): this is what it holds, until
     * the process restarts.
     */
    public Optional<Integer> servedContext(String deployment) {
        return Optional.ofNullable(servedContexts.get(deployment));
    }

    /**
     * Why the deployment is not sent text completions, when its server answered one with 404 or
     * 405 ({@link CompletionsUnservedException}); empty otherwise. Kept until the process restarts
     * or the deployment is {@linkplain #clear cleared}: a server does not grow the endpoint between calls.
     */
    public Optional<String> completionsUnserved(String deployment) {
        return Optional.ofNullable(completionsUnserved.get(deployment));
    }

    /**
     * The running cooldowns a later activation of the assistant (after an edit of its
     * configuration, or a server restart) takes over, by deployment: all but one for a refused
     * key (a new key is what an edit often brings, and keys are read again at start).
     */
    public Map<String, Cooldown> carried() {
        Map<String, Cooldown> out = new java.util.TreeMap<>();
        Instant now = clock.instant();
        entries.forEach((deployment, e) -> {
            if (!e.ended && now.isBefore(e.cooldown.until()) && e.cooldown.reason() != CooldownReason.AUTH) {
                out.put(deployment, e.cooldown);
            }
        });
        return out;
    }

    /**
     * Takes over a cooldown an earlier activation started (see {@link #carried()}): one still
     * running goes on to its end, with its failure count; one over is dropped. No event is fired:
     * the cooldown was counted when it began. Returns whether it was taken over.
     */
    public boolean carryOver(Cooldown cooldown) {
        if (cooldown.reason() == CooldownReason.AUTH || !clock.instant().isBefore(cooldown.until())) {
            return false;
        }
        entries.put(cooldown.deployment(), new Entry(cooldown, false));
        return true;
    }

    /** Whether the deployment must not be called now. */
    public boolean coolingDown(String deployment) {
        return current(deployment).isPresent();
    }

    /** When the deployment may be called again, or empty when it may be now. */
    public Optional<Instant> until(String deployment) {
        return current(deployment).map(Cooldown::until);
    }

    /** The deployment's running cooldown, or empty when it may be called now. */
    public Optional<Cooldown> current(String deployment) {
        Entry e = entries.get(deployment);
        if (e == null || e.ended) {
            return Optional.empty();
        }
        if (clock.instant().isBefore(e.cooldown.until())) {
            return Optional.of(e.cooldown);
        }
        // Only the thread that flips the entry to ended reports the expiry.
        if (entries.replace(deployment, e, new Entry(e.cooldown, true))) {
            fire(new CooldownEvent.Ended(deployment, e.cooldown.reason(), CooldownEvent.Ended.How.EXPIRED));
        }
        return Optional.empty();
    }

    /**
     * Whether the deployment is cooling down because its account is out of quota or credit: not
     * worth waiting for.
     */
    public boolean outOfQuota(String deployment) {
        return current(deployment).map(cd -> cd.reason() == CooldownReason.QUOTA_EXHAUSTED).orElse(false);
    }

    /** How long the deployment's cooldown has still to run, or empty when it may be called now. */
    public Optional<Duration> remaining(String deployment) {
        return current(deployment).map(cd -> Duration.between(clock.instant(), cd.until()));
    }

    /**
     * The deployment's cooldown in words ({@link CooldownText#describe}), or empty when it may be
     * called now.
     */
    public Optional<String> describe(Deployment deployment) {
        return current(deployment.name()).map(cd -> CooldownText.describe(cd, clock.instant(), deployment));
    }

    /**
     * The first instant one of the deployments may be called again, or empty when none of them is
     * cooling down.
     */
    public Optional<Instant> earliestRecovery(Collection<String> deployments) {
        Instant earliest = null;
        for (String d : deployments) {
            Instant until = until(d).orElse(null);
            if (until != null && (earliest == null || until.isBefore(earliest))) {
                earliest = until;
            }
        }
        return Optional.ofNullable(earliest);
    }

    private Duration length(CooldownReason reason, int failures, Duration retryAfter) {
        if (reason == CooldownReason.QUOTA_EXHAUSTED) {
            return retryAfter != null && !retryAfter.isNegative() && retryAfter.compareTo(policy.quotaExhausted()) < 0
                    ? retryAfter : policy.quotaExhausted();
        }
        if (retryAfter != null && !retryAfter.isNegative()) {
            return retryAfter.compareTo(policy.cap()) > 0 ? policy.cap() : retryAfter;
        }
        Duration base = switch (reason) {
            case RATE_LIMITED -> policy.rateLimitBase();
            case SERVER_ERROR -> policy.serverErrorBase();
            case TIMEOUT, UNREACHABLE -> policy.timeoutBase();
            case AUTH, QUOTA_EXHAUSTED -> null;
        };
        if (base == null) {
            return policy.authFailure();
        }
        Duration nominal = policy.nominal(base, failures);
        long stretchNanos = (long) (nominal.toNanos() * policy.jitter() * random.nextDouble());
        Duration jittered = nominal.plusNanos(stretchNanos);
        return jittered.compareTo(policy.cap()) > 0 ? policy.cap() : jittered;
    }

    private void remove(String deployment, CooldownEvent.Ended.How how) {
        Entry old = entries.remove(deployment);
        if (old != null && !old.ended) {
            fire(new CooldownEvent.Ended(deployment, old.cooldown.reason(), how));
        }
    }

    private void fire(CooldownEvent event) {
        for (CooldownListener l : listeners) {
            try {
                l.on(event);
            } catch (RuntimeException ignored) {
                // A metrics bug must not fail a user's chat.
            }
        }
    }

    private record Entry(Cooldown cooldown, boolean ended) {
    }
}
