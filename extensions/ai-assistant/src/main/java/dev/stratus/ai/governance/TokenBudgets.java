package dev.stratus.ai.governance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.ai.model.Usage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Per-user and per-team token budgets. A call {@linkplain #reserve reserves} its worst case
 * (estimated prompt plus the answer's bound) before it is sent and {@linkplain #settle settles}
 * with what it used afterwards, which releases the rest. A reservation must fit the user's budget
 * and the budget of every team the user is in, all at once, or nothing is held.
 *
 * <p>The configuration names users as administrators know them, by login name (or by id); the
 * ledger counts a user's budget under the user's id ({@code user:<id>}), which a rename does not
 * change, and a team's under its name ({@code team:<name>}).
 *
 * <p>Persistence: an append-only ledger per period ({@link BudgetLedger}), replayed on open. A
 * reservation that was never settled (the server stopped mid-call) counts as fully used: the
 * tokens may have been spent, and a budget must not be exceeded by restarting. Each is handed to
 * an {@code interrupted} callback before it is settled, so that the request is recorded
 * (audited) even though it never ended.
 *
 * <p>Thread-safe: one lock orders reservations and settlements, so concurrent reservations never
 * commit more than a limit. Calls to the models take seconds; the lock is held for one ledger
 * write.
 */
public final class TokenBudgets implements AutoCloseable {
    /** When to try again after a refusal that only running requests' reservations caused. */
    static final java.time.Duration HELD_RETRY = java.time.Duration.ofSeconds(5);

    private final Path dir;
    /** Replaced by {@link #retune} (under {@link #lock}); another period or zone takes effect at the next {@link #roll}. */
    private volatile BudgetConfig config;
    private final Clock clock;
    /**
     * Runs the rounds of {@link #hold}'s disk flushes ({@link LedgerFlushes}): one platform thread,
     * which blocks in the flush without holding up a carrier of virtual threads, idle between rounds.
     */
    private static final Executor FLUSHES = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("budget-flush").factory());

    private final LedgerFlushes flushes;
    private final java.util.function.Consumer<Reservation> interrupted;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Long> spent = new HashMap<>();
    private final Map<String, Long> held = new HashMap<>();
    private final Map<Long, Reservation> open = new HashMap<>();
    private String periodKey;
    private BudgetLedger ledger;
    private boolean closed;
    private long nextId = 1;

    private TokenBudgets(Path dir, BudgetConfig config, Clock clock, Executor flushes,
                         java.util.function.Consumer<Reservation> interrupted) {
        this.dir = dir;
        this.config = config;
        this.clock = clock;
        this.flushes = new LedgerFlushes(flushes);
        this.interrupted = interrupted;
    }

    /**
     * Opens the budgets kept under {@code dataDir/budgets}, replaying the current period.
     *
     * @throws GovernanceStoreException if the ledger cannot be read
     */
    public static TokenBudgets open(Path dataDir, BudgetConfig config, Clock clock) {
        return openRecordingInterrupted(dataDir, config, clock, r -> { });
    }

    /**
     * As {@link #open(Path, BudgetConfig, Clock)}, handing each reservation a stopped server left
     * unsettled to {@code interrupted} before it is charged in full: what it throws stops the open,
     * and the reservation is handed over again at the next.
     *
     * @throws GovernanceStoreException if the ledger cannot be read, or as {@code interrupted} throws it
     */
    public static TokenBudgets openRecordingInterrupted(Path dataDir, BudgetConfig config, Clock clock,
                                                        java.util.function.Consumer<Reservation> interrupted) {
        return open(dataDir, config, clock, FLUSHES, interrupted);
    }

    /** @param flushes runs the rounds of the disk flushes of {@link #hold} */
    static TokenBudgets open(Path dataDir, BudgetConfig config, Clock clock, Executor flushes) {
        return open(dataDir, config, clock, flushes, r -> { });
    }

    private static TokenBudgets open(Path dataDir, BudgetConfig config, Clock clock, Executor flushes,
                                     java.util.function.Consumer<Reservation> interrupted) {
        TokenBudgets budgets = new TokenBudgets(dataDir.resolve("budgets"), config, clock, flushes, interrupted);
        budgets.lock.lock();
        try {
            budgets.roll(clock.instant());
        } finally {
            budgets.lock.unlock();
        }
        return budgets;
    }

    /**
     * Holds {@code tokens} against the user's budget and the budgets of the user's teams, and
     * returns once the reservation is on disk: {@link #hold}, then {@link HeldReservation#durable}.
     *
     * @param userId who asks
     * @param userName the user's login name, by which the configuration may name them
     * @param tokens the estimated prompt plus the answer's bound, >= 0
     * @return the reservation to {@link #settle}
     * @throws BudgetExceededException naming the first budget it does not fit; nothing is held
     * @throws GovernanceStoreException if the ledger cannot be written (nothing is held) or flushed (the tokens stay held)
     */
    public Reservation reserve(String userId, String userName, long tokens) {
        HeldReservation held = hold(userId, userName, tokens);
        held.durable();
        return held.reservation();
    }

    /**
     * Holds {@code tokens} against the user's budget and the budgets of the user's teams, and
     * returns as soon as the reservation is counted and written, its disk flush under way on the
     * flushing thread (with those of the other holds of the moment), so that the call can be sent
     * meanwhile. Nothing of the answer may reach anyone before {@link HeldReservation#durable}
     * returned: an answer given is one a crash would count.
     * The flush took 0.3-3 ms here, 3-4 ms after a quiet spell, and a model's first token takes
     * longer than that.
     *
     * @param userId who asks
     * @param userName the user's login name, by which the configuration may name them
     * @param tokens the estimated prompt plus the answer's bound, >= 0
     * @throws BudgetExceededException naming the first budget it does not fit; nothing is held
     * @throws GovernanceStoreException if the ledger cannot be written; nothing is held
     */
    public HeldReservation hold(String userId, String userName, long tokens) {
        return hold(userId, userName, tokens, 0, 0);
    }

    /**
     * {@link #hold(String, String, long) Holds} a prompt and as much of an answer's bound as the
     * budgets leave: {@code output} tokens for the answer when they fit, else what remains of the
     * tightest budget, if that is at least {@code leastOutput}. The answer's bound is then what
     * the reservation holds beyond the prompt, and is what the call must send as its bound.
     *
     * @param prompt the estimated prompt, >= 0
     * @param leastOutput the smallest answer bound worth a call, <= {@code output}
     * @param output the answer's bound when the budgets hold it
     * @throws BudgetExceededException when not even {@code prompt + leastOutput} fits; nothing is held
     */
    public HeldReservation hold(String userId, String userName, long prompt, long leastOutput, long output) {
        Written w = write(userId, userName, prompt, leastOutput, output);
        if (!config.fsync()) {
            return new HeldReservation(w.reservation(), CompletableFuture.completedFuture(null));
        }
        return new HeldReservation(w.reservation(), flushes.force(w.ledger()));
    }

    private record Written(Reservation reservation, BudgetLedger ledger) {
    }

    /**
     * Whether {@code tokens} would fit the user's budget and the budgets of the user's teams now,
     * holding nothing (a request checked before its response begins; {@link #hold} checks again).
     *
     * @throws BudgetExceededException naming the first budget it does not fit
     */
    public void check(String userId, String userName, long tokens) {
        lock.lock();
        try {
            Instant now = clock.instant();
            roll(now);
            checkLocked(config.scopesOf(userId, userName), userId, userName, tokens, now);
        } finally {
            lock.unlock();
        }
    }

    /** {@code scopes}, once {@code tokens} are found to fit each (lock held, the period rolled to {@code now}). */
    private List<String> checkLocked(List<String> scopes, String userId, String userName, long tokens, Instant now) {
        for (String scope : scopes) {
            long limit = config.limitOf(scope, userId, userName);
            long spentHere = spent.getOrDefault(scope, 0L);
            long used = spentHere + held.getOrDefault(scope, 0L);
            if (limit > 0 && used + tokens > limit) {
                Instant end = config.period().end(now, config.zoneId());
                // Only what requests still running hold stands in the way: they give back what they do not use
                // within seconds, so that is when to try again, not the period's end.
                boolean heldByRunning = spentHere + tokens <= limit;
                java.time.Duration untilEnd = java.time.Duration.between(now, end);
                throw new BudgetExceededException(userId, userName, scope, config.period(), used, tokens, limit, end,
                        heldByRunning && untilEnd.compareTo(HELD_RETRY) > 0 ? HELD_RETRY : untilEnd, heldByRunning);
            }
        }
        return scopes;
    }

    /** Checks the budgets, counts the reservation and writes its line, not yet flushed. */
    private Written write(String userId, String userName, long prompt, long leastOutput, long output) {
        if (prompt < 0 || leastOutput < 0 || leastOutput > Math.max(0, output)) {
            throw new IllegalArgumentException("not a reservation: " + prompt + " + " + leastOutput + ".." + output);
        }
        BudgetLedger written;
        Reservation result;
        lock.lock();
        try {
            Instant now = clock.instant();
            roll(now);
            List<String> scopes = config.scopesOf(userId, userName);
            long remaining = Long.MAX_VALUE;
            for (String scope : scopes) {
                long limit = config.limitOf(scope, userId, userName);
                if (limit > 0) {
                    remaining = Math.min(remaining, limit - spent.getOrDefault(scope, 0L) - held.getOrDefault(scope, 0L));
                }
            }
            long tokens = prompt + Math.max(leastOutput, Math.min(output, remaining - prompt));
            checkLocked(scopes, userId, userName, tokens, now);
            Reservation r = new Reservation(nextId, userId, scopes, tokens, periodKey);
            try {
                ledger.reserved(r);
            } catch (IOException e) {
                throw new GovernanceStoreException("the token budget ledger cannot be written", e);
            }
            nextId++;
            scopes.forEach(s -> held.merge(s, tokens, Long::sum));
            open.put(r.id(), r);
            written = ledger;
            result = r;
        } finally {
            lock.unlock();
        }
        return new Written(result, written);
    }

    /**
     * Charges what a call used and releases the rest of its reservation. An aborted call settles
     * with the usage it had when it stopped ({@link Usage#NONE} if nothing was sent). A usage
     * above the reservation is charged in full. Settling twice changes nothing. A call still
     * running when its period ended is charged to the period it was reserved in, where it started
     * and its tokens were held: its line goes to that period's ledger, and the new period owes
     * nothing for it.
     *
     * @throws GovernanceStoreException if the ledger cannot be written (the tokens stay held)
     */
    public void settle(Reservation reservation, Usage used) {
        long actual = Math.max(0, (long) used.promptTokens() + used.completionTokens());
        BudgetLedger written;
        lock.lock();
        try {
            roll(clock.instant());
            Reservation r = open.get(reservation.id());
            if (r == null) {
                return;
            }
            if (!r.periodKey().equals(periodKey)) {
                settleEnded(r, actual);
                open.remove(r.id());
                return;
            }
            try {
                ledger.settled(r.id(), actual);
            } catch (IOException e) {
                throw new GovernanceStoreException("the token budget ledger cannot be written", e);
            }
            open.remove(r.id());
            apply(r, actual);
        } finally {
            lock.unlock();
        }
    }

    /** Appends the settlement of a reservation made in a period that has ended to that period's ledger (lock held). */
    private void settleEnded(Reservation r, long actual) {
        try (BudgetLedger ended = BudgetLedger.appending(dir.resolve(r.periodKey() + ".jsonl"), config.fsync())) {
            ended.settled(r.id(), actual);
            ended.sync();
        } catch (IOException e) {
            throw new GovernanceStoreException("the token budget ledger cannot be written", e);
        }
    }

    /** The budgets that apply to a user, with their counts in the current period. */
    public List<BudgetStatus> status(String userId, String userName) {
        lock.lock();
        try {
            Instant now = clock.instant();
            roll(now);
            List<BudgetStatus> result = new ArrayList<>();
            for (String scope : config.scopesOf(userId, userName)) {
                result.add(new BudgetStatus(scope, config.period(), spent.getOrDefault(scope, 0L),
                        held.getOrDefault(scope, 0L), config.limitOf(scope, userId, userName),
                        config.period().end(now, config.zoneId())));
            }
            return result;
        } finally {
            lock.unlock();
        }
    }

    private void apply(Reservation r, long actual) {
        for (String s : r.scopes()) {
            held.merge(s, -r.tokens(), Long::sum);
            spent.merge(s, actual, Long::sum);
        }
    }

    /** Switches to the ledger of the period containing {@code now}, replaying it. Holds the lock. */
    private void roll(Instant now) {
        if (closed) { // a request that outlived the assistant's stop: its line was written, and the next start counts it
            throw new GovernanceStoreException("the token budget ledger is closed", null);
        }
        String key = config.period().key(now, config.zoneId());
        if (key.equals(periodKey)) {
            return;
        }
        closeLedger();
        spent.clear();
        held.clear();
        try {
            BudgetLedger.Opened opened = BudgetLedger.open(dir.resolve(key + ".jsonl"), config.fsync());
            ledger = opened.ledger();
            periodKey = key;
            replay(opened.lines());
        } catch (IOException | RuntimeException e) {
            closeLedger();
            periodKey = null;
            if (e instanceof GovernanceStoreException g) {
                throw g; // the interrupted requests' record could not be written
            }
            throw new GovernanceStoreException("the token budget ledger cannot be read", e);
        }
    }

    private void replay(List<JsonNode> lines) throws IOException {
        Map<Long, Reservation> pending = new LinkedHashMap<>();
        for (JsonNode line : lines) {
            long id = line.path("id").asLong();
            nextId = Math.max(nextId, id + 1);
            switch (line.path("op").asText()) {
                case "reserve" -> {
                    List<String> scopes = new ArrayList<>();
                    line.path("scopes").forEach(n -> scopes.add(n.asText()));
                    Reservation r = new Reservation(id, line.path("user").asText(), scopes,
                            line.path("tokens").asLong(), periodKey);
                    scopes.forEach(s -> held.merge(s, r.tokens(), Long::sum));
                    pending.put(id, r);
                }
                case "settle" -> {
                    Reservation r = pending.remove(id);
                    if (r != null) {
                        apply(r, line.path("used").asLong());
                    }
                }
                default -> throw new IOException("unknown ledger operation: " + line.path("op").asText());
            }
        }
        for (Reservation r : pending.values()) {
            // Running only if running in this ledger: one of another period's (a period edited as the budgets run) has its own.
            Reservation running = open.get(r.id());
            if (running == null || !running.periodKey().equals(periodKey)) {
                interrupted.accept(r);
                ledger.settled(r.id(), r.tokens());
                apply(r, r.tokens());
            } else {
                open.put(r.id(), r);
            }
        }
    }

    private void closeLedger() {
        if (ledger != null) {
            try {
                ledger.close();
            } catch (IOException ignored) {
                // A flush still waiting for its line reports the failure (BudgetLedger#sync).
            }
            ledger = null;
        }
    }

    /**
     * Applies new budgets from the next check on. Limits, teams and flushing: what was spent and
     * what is held stay, the reservations open settle as they would have (under the scopes they
     * were made under); a user over a lowered limit is refused from then on, one under a raised
     * one is admitted again, one added to a team is counted, and limited, by it from the next
     * call; with {@code fsync} turned on, the next reservation is forced to disk with every line
     * before it. Another period or zone: the next check counts in the ledger of the period it
     * then falls in, as a restart would (a period's ledger holds only what was reserved in it), and
     * the reservations open settle in the ledger they were made in, as at a period's end.
     */
    public void retune(BudgetConfig next) {
        lock.lock();
        try {
            config = next;
            if (ledger != null) {
                ledger.fsync(next.fsync());
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            closeLedger();
        } finally {
            lock.unlock();
        }
    }
}
