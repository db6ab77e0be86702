package dev.stratus.ai.governance;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** A reservation whose disk flush may still be under way ({@link TokenBudgets#hold}). */
public final class HeldReservation {
    private final Reservation reservation;
    private final CompletableFuture<Void> flushed;

    HeldReservation(Reservation reservation, CompletableFuture<Void> flushed) {
        this.reservation = reservation;
        this.flushed = flushed;
    }

    /** The reservation, to {@link TokenBudgets#settle} whether or not it was flushed. */
    public Reservation reservation() {
        return reservation;
    }

    /**
     * Returns once the reservation is on disk.
     *
     * @throws GovernanceStoreException if it could not be flushed (the tokens stay held)
     */
    public void durable() {
        try {
            flushed.join();
        } catch (CompletionException | CancellationException e) {
            Throwable cause = e.getCause() instanceof GovernanceStoreException g ? g.getCause() : e.getCause();
            throw new GovernanceStoreException("the token budget ledger cannot be written", cause != null ? cause : e);
        }
    }

    /** Whether the reservation is on disk already: {@link #durable} would return at once. */
    public boolean isDurable() {
        return flushed.isDone() && !flushed.isCompletedExceptionally();
    }
}
