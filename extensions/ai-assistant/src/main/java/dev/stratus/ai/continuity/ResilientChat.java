package dev.stratus.ai.continuity;

import dev.stratus.ai.continuity.Attempt.Outcome;
import dev.stratus.ai.continuity.CandidateState.State;
import dev.stratus.ai.continuity.ContinuityEvent.Notice;
import dev.stratus.ai.model.ChatRequest;
import dev.stratus.ai.model.ChatResult;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.ProviderClient;
import dev.stratus.ai.model.ProviderException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Gets an answer from the first candidate deployment that can give one.
 *
 * <p>The policy, in order:
 * <ol>
 * <li>Candidates are tried in the router's order; one that is cooling down (this call's failures
 *     or any other call's) is passed over.</li>
 * <li>A transient failure with no output delivered yet is retried on the same deployment, at most
 *     {@link ContinuityConfig#retriesInPlace()} times after a jittered {@link Backoff} pause, when
 *     it is short: a 5xx, overload or cut connection with no Retry-After or one up to
 *     {@link ContinuityConfig#retryInPlaceMax()}, or a 429 whose Retry-After is that short. A
 *     timeout is never retried in place (it already cost the whole timeout), nor a server that
 *     took no connection (a stopped server does not start within a backoff pause).</li>
 * <li>Otherwise the deployment is cooled down ({@link Cooldowns}) and the next candidate tried:
 *     the rest of the tier first, then the neighbouring tier, whose first use the sink hears of in
 *     a {@link Notice.Kind#TIER_FALLBACK} notice, and of each move to another deployment after
 *     that in another.</li>
 * <li>Context overflow: when the upstream said the context it serves, only candidates known to
 *     have a larger one (or whose context is unknown) are tried afterwards; when it did not, every
 *     other candidate still is. Authentication failure: sent again at once, once, when the
 *     deployment's key file holds a new key ({@link KeyRefresh}); otherwise cooled down and passed
 *     over. Bad request: passed over for this call only.</li>
 * <li>Output already delivered when an answer broke off is never completed elsewhere nor kept:
 *     the next attempt begins with a {@link Notice.Kind#RESTART} notice and a
 *     {@link ContinuityEvent.Restart} telling the sink what to discard.</li>
 * <li>When every remaining candidate is cooling down the call waits for the first to recover, up
 *     to {@link ContinuityConfig#recoveryWaitMax()} in total, then goes round again; past that it
 *     fails with {@link ChatUnavailableException} listing each candidate's state.</li>
 * </ol>
 *
 * <p>Thread-safe: calls share only the {@link Cooldowns}. A call blocks its thread (meant to be
 * virtual) and is cancelled by interrupting it, which ends any wait and the provider call in
 * flight.
 */
public final class ResilientChat {
    private final ContinuityConfig config;
    private final Cooldowns cooldowns;
    private final Backoff backoff;
    private final Sleeper sleeper;
    private final InstantSource clock;
    private final Function<Deployment, ProviderClient> clients;
    private final KeyRefresh keys;

    /**
     * @param cooldowns shared by every call of the process
     * @param clients the client for a deployment's wire format
     * @param keys asked for a new key when a deployment's is refused
     */
    public ResilientChat(ContinuityConfig config, Cooldowns cooldowns, Backoff backoff, Sleeper sleeper,
                         InstantSource clock, Function<Deployment, ProviderClient> clients, KeyRefresh keys) {
        this.config = config;
        this.cooldowns = cooldowns;
        this.backoff = backoff;
        this.sleeper = sleeper;
        this.clock = clock;
        this.clients = clients;
        this.keys = keys;
    }

    /** Keys that never change. */
    public ResilientChat(ContinuityConfig config, Cooldowns cooldowns, Backoff backoff, Sleeper sleeper,
                         InstantSource clock, Function<Deployment, ProviderClient> clients) {
        this(config, cooldowns, backoff, sleeper, clock, clients, KeyRefresh.NONE);
    }

    /** Real time and sleeping, cooldowns shared through {@code cooldowns}, keys that never change. */
    public static ResilientChat create(ContinuityConfig config, Cooldowns cooldowns,
                                       Function<Deployment, ProviderClient> clients) {
        return create(config, cooldowns, clients, KeyRefresh.NONE);
    }

    /** Real time and sleeping, cooldowns shared through {@code cooldowns}, new keys from {@code keys}. */
    public static ResilientChat create(ContinuityConfig config, Cooldowns cooldowns,
                                       Function<Deployment, ProviderClient> clients, KeyRefresh keys) {
        return new ResilientChat(config, cooldowns, Backoff.of(config), Sleeper.THREAD, InstantSource.system(), clients, keys);
    }

    /** The longest a call waits, in total, for a cooling-down candidate to recover rather than fail. */
    public Duration recoveryWaitMax() {
        return config.recoveryWaitMax();
    }

    /**
     * Streams an answer to {@code sink} and returns it once complete.
     *
     * @param candidates the router's candidates, most preferred first
     * @param sink gets the answer's events and notices on the calling thread; if it throws,
     *     the call ends with that exception
     * @return the answer, from one deployment alone
     * @throws ChatUnavailableException when no candidate could answer; any {@link ContinuityEvent.Output}
     *     the sink got is then void (the trace's attempts say how much each delivered)
     * @throws InterruptedException when the calling thread was interrupted
     */
    public Answer call(List<Candidate> candidates, ChatRequest request, Consumer<ContinuityEvent> sink)
            throws InterruptedException {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("no candidate deployments");
        }
        return new Call(List.copyOf(candidates), request, sink).run();
    }

    /** One call's state; confined to the calling thread. */
    private final class Call {
        private final List<Candidate> candidates;
        private final ChatRequest request;
        private final Consumer<ContinuityEvent> sink;
        private final List<Attempt> attempts = new ArrayList<>();
        private final List<Notice> notices = new ArrayList<>();
        /** Candidates out of this call for good, with why. */
        private final Map<String, CandidateState> dropped = new LinkedHashMap<>();
        /** The request needs more tokens than this: the largest context an upstream said it serves on refusing it. */
        private Integer overflowedContext;
        private int calls;
        private Duration waited = Duration.ZERO;
        /** The deployment the last {@link Notice.Kind#TIER_FALLBACK} notice said answers, or null. */
        private String announced;
        private AttemptRun brokenOff;
        private boolean continued;

        Call(List<Candidate> candidates, ChatRequest request, Consumer<ContinuityEvent> sink) {
            this.candidates = candidates;
            this.request = request;
            this.sink = sink;
        }

        Answer run() throws InterruptedException {
            while (true) {
                for (Candidate c : candidates) {
                    if (dropped.containsKey(c.name())) {
                        continue;
                    }
                    if (contextTooSmall(c)) {
                        skip(c, Outcome.SKIPPED_CONTEXT_TOO_SMALL, null);
                        drop(c, State.CONTEXT_TOO_SMALL, "needs more than " + overflowedContext + " tokens");
                        continue;
                    }
                    Optional<Cooldown> cooling = cooldowns.current(c.name());
                    if (cooling.isPresent()) {
                        skip(c, Outcome.SKIPPED_COOLING_DOWN, cooling.get().until());
                        continue;
                    }
                    if (calls >= config.maxAttempts()) {
                        throw unavailable("Gave up after " + calls + " attempts");
                    }
                    Answer answer = attempt(c);
                    if (answer != null) {
                        return answer;
                    }
                }
                waitForRecovery();
            }
        }

        /**
         * Calls {@code c}, retrying in place while that is worth it, and once more at once with a
         * new key when its key was refused and {@link KeyRefresh} has one; null when it did not answer.
         */
        private Answer attempt(Candidate c) throws InterruptedException {
            boolean rekeyed = false;
            for (int retry = 0; ; retry++) {
                stopIfInterrupted(null);
                announce(c);
                calls++;
                AttemptRun run = new AttemptRun(c.name(), sink, clock);
                long mark = keys.mark();
                try {
                    ChatResult result = clients.apply(c.deployment()).stream(c.deployment(), request, run);
                    run.end();
                    cooldowns.recordSuccess(c.name());
                    record(c, run, Outcome.ANSWERED, null, null, null);
                    return new Answer(result, c, continued, trace());
                } catch (AttemptRun.SinkFailure e) {
                    throw e.sinkException();
                } catch (ProviderException e) {
                    run.end();
                    stopIfInterrupted(e);
                    if (run.delivered()) {
                        brokenOff = run;
                    }
                    if (e.kind() == ProviderException.Kind.AUTH && !rekeyed && !run.delivered()) {
                        // A rotated key: the refusal is no failure of the deployment, nor a retry in place, and is not told.
                        Optional<Deployment> rotated = keys.refused(c.deployment(), mark);
                        if (rotated.isPresent()) {
                            rekeyed = true;
                            c = new Candidate(rotated.get(), c.tier(), c.primaryTier());
                            retry--;
                            continue;
                        }
                    }
                    if (retryInPlace(e, run, retry)) {
                        Duration pause = backoff.pause(retry, e.retryAfter());
                        record(c, run, Outcome.of(e.kind()), e.retryAfter(), null,
                                "retried in place after " + pause.toMillis() + " ms: " + e.getMessage());
                        continue;
                    }
                    failed(c, run, e);
                    return null;
                } catch (RuntimeException e) {
                    run.end();
                    stopIfInterrupted(e);
                    if (run.delivered()) {
                        brokenOff = run;
                    }
                    // The HTTP client's own messages may quote the request, its key included.
                    String why = c.deployment().withoutKey(e.toString());
                    record(c, run, Outcome.CLIENT_FAILURE, null, null, why);
                    drop(c, State.CLIENT_FAILURE, why);
                    return null;
                }
            }
        }

        private boolean retryInPlace(ProviderException e, AttemptRun run, int retry) {
            if (!e.transientFailure() || run.delivered() || retry >= config.retriesInPlace()
                    || calls >= config.maxAttempts() || e.kind() == ProviderException.Kind.TIMEOUT
                    || e.kind() == ProviderException.Kind.UNREACHABLE) {
                return false;
            }
            if (e.retryAfter() == null) {
                return e.kind() != ProviderException.Kind.RATE_LIMITED;
            }
            return e.retryAfter().compareTo(config.retryInPlaceMax()) <= 0;
        }

        private void failed(Candidate c, AttemptRun run, ProviderException e) {
            Outcome outcome = Outcome.of(e.kind());
            Instant until = cooldowns.recordFailure(c.name(), e).map(Cooldown::until).orElse(null);
            record(c, run, outcome, e.retryAfter(), until, e.getMessage());
            switch (e.kind()) {
                case CONTEXT_OVERFLOW -> {
                    // What the upstream says it serves, never what it claims: a deployment reporting
                    // more than it serves would otherwise rule out every one smaller than its claim.
                    // Said nothing: the candidates came holding the router's estimate of the request,
                    // so none other is known to be too small.
                    Integer served = e.servedContext();
                    if (served != null && (overflowedContext == null || served > overflowedContext)) {
                        overflowedContext = served;
                    }
                    drop(c, State.CONTEXT_TOO_SMALL, e.getMessage());
                    notice(Notice.Kind.LARGER_CONTEXT, "The request does not fit the context of " + c.name()
                            + (served == null ? "" : " (" + served + " tokens)")
                            + "; trying a deployment with a larger context.");
                }
                case AUTH -> drop(c, State.AUTH_FAILED, e.getMessage());
                case QUOTA_EXHAUSTED -> drop(c, State.OUT_OF_QUOTA, e.getMessage());
                case BAD_REQUEST -> drop(c, State.REJECTED_REQUEST, e.getMessage());
                default -> {
                    // Transient: cooling down; another pass may come back to it.
                }
            }
        }

        /** Tells the sink what it should know before {@code c}'s output begins. */
        private void announce(Candidate c) {
            if (brokenOff != null) {
                notice(Notice.Kind.RESTART, "The answer from " + brokenOff.deployment() + " was cut off after "
                        + brokenOff.chars() + " characters; continuing with " + c.name() + ".");
                sink.accept(new ContinuityEvent.Restart(brokenOff.chars(), brokenOff.deployment(), c.name()));
                brokenOff = null;
                continued = true;
            }
            // A notice names the deployment that answers; when that one fails too, the user would
            // be left believing it answered, so each move to another deployment is told (a
            // retry in place is no move, and says nothing).
            if (!c.name().equals(announced) && (!c.primaryTier() || announced != null)) {
                String story = announced == null ? primaryTierStory()
                        : announced + " did not answer either (" + lastOutcome(announced) + ")";
                notice(Notice.Kind.TIER_FALLBACK, story + "; answering with the " + c.tier().id() + " deployment "
                        + c.name() + ".");
                announced = c.name();
            }
        }

        private String lastOutcome(String deployment) {
            for (Attempt a : attempts.reversed()) {
                if (a.deployment().equals(deployment)) {
                    return said(a);
                }
            }
            return "not tried";
        }

        private String primaryTierStory() {
            Map<String, Attempt> last = new LinkedHashMap<>();
            for (Attempt a : attempts) {
                if (a.primaryTier()) {
                    last.put(a.deployment(), a);
                }
            }
            String tier = candidates.stream().filter(Candidate::primaryTier).findFirst()
                    .map(p -> p.tier().id()).orElse("chosen");
            List<String> why = last.values().stream().map(a -> a.deployment() + ": " + said(a)).toList();
            return "The " + tier + " tier is unavailable" + (why.isEmpty() ? "" : " (" + String.join(", ", why) + ")");
        }

        private void waitForRecovery() throws InterruptedException {
            if (calls >= config.maxAttempts()) {
                throw unavailable("Gave up after " + calls + " attempts");
            }
            // One out of quota is not waited for: its cooldown ends when someone pays, not in seconds.
            List<String> remaining = candidates.stream().map(Candidate::name).filter(n -> !dropped.containsKey(n))
                    .filter(n -> !cooldowns.outOfQuota(n)).distinct().toList();
            if (remaining.isEmpty()) {
                throw unavailable("No deployment can answer this request");
            }
            Optional<Instant> earliest = cooldowns.earliestRecovery(remaining);
            if (earliest.isEmpty()) {
                return; // one recovered meanwhile
            }
            Duration wait = Duration.between(clock.instant(), earliest.get());
            if (waited.plus(wait).compareTo(config.recoveryWaitMax()) > 0) {
                // Each candidate's state says when it is back: the first of them is not repeated here.
                throw unavailable("No deployment can answer within the " + CooldownText.approximately(config.recoveryWaitMax())
                        + " this request may wait");
            }
            String first = remaining.stream()
                    .filter(n -> cooldowns.until(n).map(earliest.get()::equals).orElse(false)).findFirst().orElse("?");
            List<String> why = new ArrayList<>();
            for (String n : remaining) {
                cooldowns.current(n).ifPresent(cd -> why.add(n + ": " + CooldownText.words(cd.reason(), deployment(n))));
            }
            notice(Notice.Kind.WAITING, "No deployment can answer right now (" + String.join(", ", why) + "); waiting "
                    + seconds(wait) + " for " + first + ".");
            sleeper.sleep(wait);
            waited = waited.plus(wait);
        }

        /** An attempt's outcome for people, with where the server should be when nothing answered there. */
        private String said(Attempt a) {
            return a.outcome() == Outcome.UNREACHABLE ? a.outcome().text() + CooldownText.runningAt(deployment(a.deployment()))
                    : a.outcome().text();
        }

        private Deployment deployment(String name) {
            return candidates.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow().deployment();
        }

        private boolean contextTooSmall(Candidate c) {
            Integer size = c.deployment().contextTokens();
            return overflowedContext != null && size != null && size <= overflowedContext;
        }

        private void skip(Candidate c, Outcome outcome, Instant until) {
            attempts.add(new Attempt(c.name(), c.deployment().model(), c.tier(), c.primaryTier(), outcome,
                    clock.instant(), Duration.ZERO, null, 0, null, until, null));
        }

        private void record(Candidate c, AttemptRun run, Outcome outcome, Duration retryAfter, Instant until,
                            String note) {
            attempts.add(new Attempt(c.name(), c.deployment().model(), c.tier(), c.primaryTier(), outcome,
                    run.started(), run.latency(), run.timeToFirstToken(), run.chars(), retryAfter, until, note));
        }

        private void drop(Candidate c, State state, String detail) {
            dropped.putIfAbsent(c.name(), new CandidateState(c.name(), c.tier(), state, null, detail));
        }

        private void notice(Notice.Kind kind, String message) {
            Notice n = new Notice(kind, message);
            notices.add(n);
            sink.accept(n);
        }

        /** Ends the call if it was cancelled, however the provider client reacted to the interrupt. */
        private void stopIfInterrupted(Throwable failure) throws InterruptedException {
            boolean interrupted = Thread.interrupted();
            for (Throwable t = failure; t != null && !interrupted; t = t.getCause()) {
                interrupted = t instanceof InterruptedException;
            }
            if (interrupted) {
                throw new InterruptedException("chat call cancelled");
            }
        }

        private CallTrace trace() {
            return new CallTrace(attempts, notices, waited);
        }

        private ChatUnavailableException unavailable(String why) {
            Instant now = clock.instant();
            List<CandidateState> states = new ArrayList<>();
            for (Candidate c : candidates) {
                CandidateState s = dropped.get(c.name());
                if (s == null) {
                    s = cooldowns.current(c.name())
                            .map(cd -> new CandidateState(c.name(), c.tier(), State.COOLING_DOWN, cd.until(),
                                    CooldownText.describe(cd, now, c.deployment())))
                            .orElse(new CandidateState(c.name(), c.tier(), State.NOT_TRIED, null, null));
                }
                states.add(s);
            }
            return new ChatUnavailableException(why, states, trace());
        }
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
