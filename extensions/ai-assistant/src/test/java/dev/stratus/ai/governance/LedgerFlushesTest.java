package dev.stratus.ai.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The budget ledger's flushes in rounds: one flush for the holds that ask before it begins. */
class LedgerFlushesTest {
    @TempDir
    Path dir;
    final List<Runnable> rounds = new ArrayList<>();

    BudgetLedger ledger(String name) throws Exception {
        return BudgetLedger.open(dir.resolve(name), true).ledger();
    }

    static Reservation reservation(long id) {
        return new Reservation(id, "alice", List.of("user:alice"), 10, "2026-12-02");
    }

    @Test
    void theHoldsThatAskBeforeARoundBeginsShareItAndALaterOneGetsTheNext() throws Exception {
        LedgerFlushes flushes = new LedgerFlushes(rounds::add);
        try (BudgetLedger ledger = ledger("a.jsonl")) {
            List<CompletableFuture<Void>> asked = new ArrayList<>();
            for (long id = 1; id <= 3; id++) {
                ledger.reserved(reservation(id));
                asked.add(flushes.force(ledger));
            }
            assertThat(rounds).as("one round for the three").hasSize(1);
            assertThat(asked).noneMatch(CompletableFuture::isDone);

            rounds.removeFirst().run();
            assertThat(asked).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());

            ledger.reserved(reservation(4));
            CompletableFuture<Void> later = flushes.force(ledger);
            assertThat(rounds).as("the round ended: the next hold starts another").hasSize(1);
            rounds.removeFirst().run();
            assertThat(later).isCompleted();
        }
        assertThat(Files.readAllLines(dir.resolve("a.jsonl"))).hasSize(4);
    }

    @Test
    void aRoundForcesEachLedgerItsHoldsWroteToAndAClosedOneByItsClose() throws Exception {
        LedgerFlushes flushes = new LedgerFlushes(rounds::add);
        BudgetLedger ended = ledger("ended.jsonl");
        ended.reserved(reservation(1));
        CompletableFuture<Void> first = flushes.force(ended);
        ended.close(); // its period ended before the round ran: the close forced its lines
        try (BudgetLedger next = ledger("next.jsonl")) {
            next.reserved(reservation(2));
            CompletableFuture<Void> second = flushes.force(next);

            rounds.removeFirst().run();
            assertThat(first).isCompleted();
            assertThat(second).isCompleted();
        }
    }

    @Test
    void aRoundThatCannotBeStartedFailsItsHoldsAndTheNextHoldStartsOne() throws Exception {
        boolean[] refuse = {true};
        LedgerFlushes flushes = new LedgerFlushes(r -> {
            if (refuse[0]) {
                throw new RejectedExecutionException("stopping");
            }
            rounds.add(r);
        });
        try (BudgetLedger ledger = ledger("a.jsonl")) {
            ledger.reserved(reservation(1));
            CompletableFuture<Void> refused = flushes.force(ledger);
            assertThatThrownBy(refused::join).isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(GovernanceStoreException.class).hasRootCauseMessage("stopping");

            refuse[0] = false;
            CompletableFuture<Void> next = flushes.force(ledger);
            assertThat(rounds).hasSize(1);
            rounds.removeFirst().run();
            assertThat(next).isCompleted();
        }
    }
}
