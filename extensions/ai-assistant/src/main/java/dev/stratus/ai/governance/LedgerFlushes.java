package dev.stratus.ai.governance;

import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The budget ledger's disk flushes, in rounds (a group commit): a hold asks for the lines written
 * so far to be forced, and one round at a time, run by the executor, forces (one flush per
 * ledger) the lines of every hold that asked before it began; the holds that ask meanwhile are
 * the next round's. Under load one flush serves the holds of its whole duration, where each hold
 * had a flush (and a thread) of its own; when holds are rare a round is one flush, as before.
 */
final class LedgerFlushes {
    private final Executor executor;
    private final Object lock = new Object();
    /** Holds waiting for the next round, in the order they asked; guarded by {@link #lock}. */
    private List<Waiting> waiting = new ArrayList<>();
    /** Whether a round is scheduled or running; guarded by {@link #lock}. */
    private boolean running;

    private record Waiting(BudgetLedger ledger, CompletableFuture<Void> done) {
    }

    LedgerFlushes(Executor executor) {
        this.executor = executor;
    }

    /**
     * Asks for everything written to {@code ledger} so far to be forced to disk.
     *
     * @return completed once it is, or failed with a {@link GovernanceStoreException} if the flush failed
     */
    CompletableFuture<Void> force(BudgetLedger ledger) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        boolean start;
        synchronized (lock) {
            waiting.add(new Waiting(ledger, done));
            start = !running;
            running = true;
        }
        if (start) {
            try {
                executor.execute(this::rounds);
            } catch (RuntimeException e) {
                List<Waiting> failed;
                synchronized (lock) {
                    running = false;
                    failed = take();
                }
                GovernanceStoreException failure = new GovernanceStoreException("the token budget ledger cannot be written", e);
                failed.forEach(w -> w.done().completeExceptionally(failure));
            }
        }
        return done;
    }

    /** Runs rounds until no hold waits. */
    private void rounds() {
        while (true) {
            List<Waiting> round;
            synchronized (lock) {
                if (waiting.isEmpty()) {
                    running = false;
                    return;
                }
                round = take();
            }
            // Usually one ledger; a period that ended meanwhile leaves its closed one, which its close forced.
            Map<BudgetLedger, GovernanceStoreException> forced = new IdentityHashMap<>();
            for (Waiting w : round) {
                if (!forced.containsKey(w.ledger())) {
                    forced.put(w.ledger(), forceNow(w.ledger()));
                }
                GovernanceStoreException failure = forced.get(w.ledger());
                if (failure == null) {
                    w.done().complete(null);
                } else {
                    w.done().completeExceptionally(failure);
                }
            }
        }
    }

    /** The waiting holds, leaving none (lock held). */
    private List<Waiting> take() {
        List<Waiting> taken = waiting;
        waiting = new ArrayList<>();
        return taken;
    }

    /** Forces {@code ledger}; null once its lines are durable, else why they may not be (the tokens stay held). */
    private static GovernanceStoreException forceNow(BudgetLedger ledger) {
        try {
            ledger.sync();
            return null;
        } catch (IOException | RuntimeException e) {
            return new GovernanceStoreException("the token budget ledger cannot be written", e);
        }
    }
}
