package dev.stratus.ai.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.stratus.ai.model.Usage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenBudgetsTest {
    @TempDir
    Path data;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));

    static BudgetConfig config(long userTokens, long teamTokens, boolean fsync) {
        return new BudgetConfig(BudgetPeriod.DAILY, "UTC", userTokens, Map.of("carol", 0L),
                Map.of("core", List.of("alice", "bob")), Map.of("core", teamTokens), fsync);
    }

    @Test
    void settleReleasesTheUnusedPartOfAReservation() {
        try (TokenBudgets b = TokenBudgets.open(data, config(1000, 0, true), clock)) {
            Reservation r = b.reserve("alice", "alice", 900);
            assertThatThrownBy(() -> b.reserve("alice", "alice", 200)).isInstanceOf(BudgetExceededException.class);
            b.settle(r, new Usage(100, 50));
            assertThat(b.status("alice", "alice").getFirst()).extracting("spent", "held").containsExactly(150L, 0L);
            b.reserve("alice", "alice", 850);
        }
    }

    @Test
    void newLimitsApplyToTheNextCheckAndWhatWasSpentAndHeldStays() {
        try (TokenBudgets b = TokenBudgets.open(data, config(1000, 0, true), clock)) {
            b.settle(b.reserve("alice", "alice", 900), new Usage(800, 100));
            Reservation open = b.reserve("alice", "alice", 100);
            assertThatThrownBy(() -> b.reserve("alice", "alice", 500)).isInstanceOf(BudgetExceededException.class);

            b.retune(config(5000, 0, true));
            assertThat(b.status("alice", "alice").getFirst()).extracting("spent", "held", "limit").containsExactly(900L, 100L, 5000L);
            b.reserve("alice", "alice", 500);
            b.settle(open, new Usage(50, 0));
            assertThat(b.status("alice", "alice").getFirst()).extracting("spent", "held").containsExactly(950L, 500L);
        }
    }

    static BudgetConfig monthly(long userTokens) {
        return new BudgetConfig(BudgetPeriod.MONTHLY, "UTC", userTokens, Map.of(), Map.of("core", List.of("alice", "bob")), Map.of(), true);
    }

    @Test
    void anotherPeriodCountsFromTheNextCallInItsOwnLedgerAsARestartWouldAndCallsOpenSettleInTheirs() {
        try (TokenBudgets b = TokenBudgets.open(data, config(1000, 0, true), clock)) {
            b.settle(b.reserve("alice", "alice", 600), new Usage(500, 100));
            Reservation today = b.reserve("alice", "alice", 300);

            b.retune(monthly(1000));
            // The month's ledger holds what was reserved under it, which is nothing yet.
            assertThat(b.status("alice", "alice").getFirst()).extracting("spent", "held", "limit").containsExactly(0L, 0L, 1000L);
            Reservation thisMonth = b.reserve("alice", "alice", 900);
            b.settle(today, new Usage(100, 0)); // in the day's ledger, where it was reserved
            b.settle(thisMonth, new Usage(50, 0));
            assertThat(b.status("alice", "alice").getFirst()).extracting("spent", "held").containsExactly(50L, 0L);

            b.retune(config(1000, 0, true));
            assertThat(b.status("alice", "alice").getFirst()).extracting("spent", "held").containsExactly(700L, 0L);
        }
        try (TokenBudgets b = TokenBudgets.open(data, monthly(1000), clock)) {
            assertThat(b.status("alice", "alice").getFirst().spent()).as("a restart counts the same").isEqualTo(50L);
        }
        try (TokenBudgets b = TokenBudgets.open(data, config(1000, 0, true), clock)) {
            assertThat(b.status("alice", "alice").getFirst().spent()).isEqualTo(700L);
        }
    }

    @Test
    void aCallLeftOpenInTheLedgerOfAPeriodEditedToIsChargedWhateverIsRunningUnderItsNumber() throws Exception {
        // A server stopped under a monthly budget left call 2 open in the month's ledger.
        Files.createDirectories(data.resolve("budgets"));
        Files.writeString(data.resolve("budgets/2026-11.jsonl"), "{\"op\":\"reserve\",\"id\":2,\"user\":\"alice\","
                + "\"scopes\":[\"user:alice\"],\"tokens\":400}\n");
        try (TokenBudgets b = TokenBudgets.open(data, config(1000, 0, true), clock)) {
            b.settle(b.reserve("alice", "alice", 10), new Usage(10, 0));
            Reservation running = b.reserve("alice", "alice", 300); // number 2 of the day's ledger
            assertThat(running.id()).isEqualTo(2);

            b.retune(monthly(1000));
            assertThat(b.status("alice", "alice").getFirst()).as("the month's call 2 is charged as interrupted")
                    .extracting("spent", "held").containsExactly(400L, 0L);
            b.settle(running, new Usage(30, 0));
        }
        try (TokenBudgets b = TokenBudgets.open(data, config(1000, 0, true), clock)) {
            assertThat(b.status("alice", "alice").getFirst().spent()).as("the day's call 2 settled with what it used").isEqualTo(40L);
        }
    }

    @Test
    void aNewTeamMemberCountsFromTheNextCallAndCallsOpenSettleUnderTheScopesTheyWereMadeUnder() {
        BudgetConfig before = new BudgetConfig(BudgetPeriod.DAILY, "UTC", 10_000L, Map.of(), Map.of("core", List.of("alice")),
                Map.of("core", 1000L), true);
        // Dave joins core; a team ops is made, with alice in it.
        BudgetConfig after = new BudgetConfig(BudgetPeriod.DAILY, "UTC", 10_000L, Map.of(),
                Map.of("core", List.of("alice", "dave"), "ops", List.of("alice")), Map.of("core", 1000L, "ops", 500L), true);
        try (TokenBudgets b = TokenBudgets.open(data, before, clock)) {
            b.settle(b.reserve("dave", "dave", 300), new Usage(300, 0)); // before he joined: not core's
            Reservation open = b.reserve("alice", "alice", 400);
            b.retune(after);

            // Core holds alice's 400 of its 1000: 700 more of dave's does not fit, 600 does.
            assertThatThrownBy(() -> b.reserve("dave", "dave", 700)).isInstanceOf(BudgetExceededException.class);
            b.reserve("dave", "dave", 600);
            // Alice's call made before the edit settles under core alone, not ops.
            b.settle(open, new Usage(100, 0));
            assertThat(b.status("alice", "alice")).extracting("scope", "spent", "held").containsExactly(
                    tuple("user:alice", 100L, 0L),
                    tuple("team:core", 100L, 600L),
                    tuple("team:ops", 0L, 0L));
        }
        // A restart counts the same (dave's call left open counted in full, as any a stop leaves).
        try (TokenBudgets again = TokenBudgets.open(data, after, clock)) {
            assertThat(again.status("dave", "dave")).extracting("scope", "spent").containsExactly(
                    tuple("user:dave", 900L), tuple("team:core", 700L));
        }
    }

    @Test
    void aRequestStoppedByInterruptingItsThreadLeavesTheLedgerWorkingForEveryoneElse() throws Exception {
        try (TokenBudgets b = TokenBudgets.open(data, config(10_000, 0, true), clock)) {
            // A stopped chat interrupts its thread, which may be reserving or settling right then.
            Thread stopped = Thread.ofVirtual().unstarted(() -> {
                Thread.currentThread().interrupt();
                b.settle(b.reserve("alice", "alice", 300), new Usage(100, 20));
                b.hold("alice", "alice", 200).durable();
            });
            stopped.start();
            stopped.join();
            b.settle(b.reserve("bob", "bob", 500), new Usage(400, 0));
            assertThat(b.status("alice", "alice").getFirst()).extracting("spent", "held").containsExactly(120L, 200L);
        }
        try (TokenBudgets again = TokenBudgets.open(data, config(10_000, 0, true), clock)) {
            assertThat(again.status("bob", "bob").getFirst()).extracting("spent", "held").containsExactly(400L, 0L);
            // Its settled call and the hold it never settled, which a restart counts as spent.
            assertThat(again.status("alice", "alice").getFirst().spent()).isEqualTo(320L);
        }
    }

    @Test
    void aRequestEndingAfterTheBudgetsClosedIsRefusedAsAStoreFailure() {
        TokenBudgets b = TokenBudgets.open(data, config(1000, 0, true), clock);
        Reservation r = b.reserve("alice", "alice", 300);
        b.close(); // the assistant stops while the request runs

        assertThatThrownBy(() -> b.settle(r, new Usage(100, 20))).isInstanceOf(GovernanceStoreException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> b.reserve("bob", "bob", 100)).isInstanceOf(GovernanceStoreException.class);
        // Its line was written: the next start counts it as spent, as it does for any request the stop cut short.
        try (TokenBudgets again = TokenBudgets.open(data, config(1000, 0, true), clock)) {
            assertThat(again.status("alice", "alice").getFirst().spent()).isEqualTo(300L);
        }
    }

    @Test
    void aCheckRefusesWhatWouldNotFitAndHoldsNothing() {
        try (TokenBudgets b = TokenBudgets.open(data, config(1000, 0, true), clock)) {
            b.reserve("alice", "alice", 600);
            b.check("alice", "alice", 400);
            assertThatThrownBy(() -> b.check("alice", "alice", 401)).isInstanceOf(BudgetExceededException.class)
                    .hasMessageContaining("600 of 1000 tokens used or reserved");
            assertThat(b.status("alice", "alice").getFirst()).extracting("spent", "held").containsExactly(0L, 600L);
            b.reserve("alice", "alice", 400);
        }
    }

    @Test
    void refusalNamesWhoWhichBudgetUsageLimitAndReset() {
        try (TokenBudgets b = TokenBudgets.open(data, config(10_000, 1000, true), clock)) {
            b.settle(b.reserve("bob", "bob", 800), new Usage(700, 100));
            assertThatThrownBy(() -> b.reserve("alice", "alice", 300))
                    .isInstanceOfSatisfying(BudgetExceededException.class, e -> {
                        assertThat(e.userId()).isEqualTo("alice");
                        assertThat(e.scope()).isEqualTo("team:core");
                        assertThat(e.used()).isEqualTo(800);
                        assertThat(e.limit()).isEqualTo(1000);
                        assertThat(e.resetsAt()).isEqualTo(Instant.parse("2026-11-26T00:00:00Z"));
                        // On the budgets' clock, not the wall clock: a client is told to wait exactly that long.
                        assertThat(e.retryAfter()).isEqualTo(java.time.Duration.between(clock.instant(), e.resetsAt()));
                    })
                    .hasMessage("Token budget exceeded for team 'core' (daily): 800 of 1000 tokens used or reserved, "
                            + "this request needs up to 300; resets at 2026-11-26T00:00:00Z");
            // Nothing was held for alice by the refused reservation.
            assertThat(b.status("alice", "alice").getFirst().held()).isZero();
        }
    }

    @Test
    void aRefusalOnlyRunningRequestsCauseSaysToTryAgainInSecondsNotAtTheReset() {
        try (TokenBudgets b = TokenBudgets.open(data, config(10_000, 0, true), clock)) {
            b.settle(b.reserve("alice", "alice", 1_000), new Usage(500, 500));
            // A request still running holds its whole bound; what alice spent leaves room for the next one.
            Reservation running = b.reserve("alice", "alice", 8_000);
            assertThatThrownBy(() -> b.reserve("alice", "alice", 4_000))
                    .isInstanceOfSatisfying(BudgetExceededException.class, e -> {
                        assertThat(e.heldByRunning()).isTrue();
                        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(5));
                    })
                    .hasMessageContaining("requests still running hold part of it").hasMessageContaining("try again in 5 s");
            b.settle(running, new Usage(900, 100));
            b.reserve("alice", "alice", 4_000);
            // Spent for good: the reset is when to try again.
            assertThatThrownBy(() -> b.reserve("alice", "alice", 9_000))
                    .isInstanceOfSatisfying(BudgetExceededException.class, e -> {
                        assertThat(e.heldByRunning()).isFalse();
                        assertThat(e.retryAfter()).isEqualTo(Duration.between(clock.instant(), e.resetsAt()));
                    });
        }
    }

    @Test
    void usersWithoutLimitAndTeamsWithoutEntryAreUnlimited() {
        try (TokenBudgets b = TokenBudgets.open(data, config(100, 0, true), clock)) {
            b.reserve("carol", "carol", 1_000_000);
            b.reserve("alice", "alice", 100);
        }
    }

    @Test
    void periodResetStartsCountsAgain() {
        try (TokenBudgets b = TokenBudgets.open(data, config(1000, 0, true), clock)) {
            b.settle(b.reserve("alice", "alice", 1000), new Usage(900, 100));
            assertThatThrownBy(() -> b.reserve("alice", "alice", 1)).isInstanceOf(BudgetExceededException.class);
            clock.advance(Duration.ofHours(14));
            b.reserve("alice", "alice", 1000);
        }
    }

    @Test
    void monthlyPeriodResetsOnTheFirstInTheConfiguredZone() {
        BudgetConfig monthly = new BudgetConfig(BudgetPeriod.MONTHLY, "Europe/Berlin", 100L, null, null, null, true);
        try (TokenBudgets b = TokenBudgets.open(data, monthly, clock)) {
            b.settle(b.reserve("alice", "alice", 100), new Usage(100, 0));
            assertThatThrownBy(() -> b.reserve("alice", "alice", 1)).isInstanceOfSatisfying(BudgetExceededException.class,
                    e -> assertThat(e.resetsAt()).isEqualTo(Instant.parse("2026-11-30T23:00:00Z")));
        }
    }

    @Test
    void countsSurviveRestartAndUnsettledReservationsCountAsSpent() throws Exception {
        try (TokenBudgets b = TokenBudgets.open(data, config(1000, 0, true), clock)) {
            b.settle(b.reserve("alice", "alice", 500), new Usage(200, 100));
            b.reserve("alice", "alice", 400);
        }
        // A line cut by a crash is dropped.
        Path ledger = data.resolve("budgets/2026-11-25.jsonl");
        Files.writeString(ledger, Files.readString(ledger) + "{\"op\":\"reserve\",\"id\":9", java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
        try (TokenBudgets b = TokenBudgets.open(data, config(1000, 0, true), clock)) {
            assertThat(b.status("alice", "alice").getFirst()).extracting("spent", "held").containsExactly(700L, 0L);
            b.reserve("alice", "alice", 300);
            assertThatThrownBy(() -> b.reserve("alice", "alice", 1)).isInstanceOf(BudgetExceededException.class);
        }
        assertThat(Files.readAllLines(ledger)).allMatch(l -> l.startsWith("{") && l.endsWith("}"));
    }

    @Test
    void aReservationAStoppedServerLeftIsHandedOverBeforeItIsChargedAndOnlyOnce() throws Exception {
        try (TokenBudgets b = TokenBudgets.open(data, config(10_000, 0, true), clock)) {
            b.settle(b.reserve("alice", "alice", 500), new Usage(200, 100));
            b.reserve("bob", "bob", 900); // running when the server stopped
        }
        List<Reservation> handed = new java.util.ArrayList<>();
        // Its record could not be written: the open fails and charges nothing yet.
        assertThatThrownBy(() -> TokenBudgets.openRecordingInterrupted(data, config(10_000, 0, true), clock, r -> {
            throw new GovernanceStoreException("the audit log cannot be written", null);
        })).isInstanceOf(GovernanceStoreException.class).hasMessageContaining("audit log");
        try (TokenBudgets b = TokenBudgets.openRecordingInterrupted(data, config(10_000, 0, true), clock, handed::add)) {
            assertThat(b.status("bob", "bob").getFirst()).extracting("spent", "held").containsExactly(900L, 0L);
        }
        assertThat(handed).singleElement().satisfies(r -> {
            assertThat(r.userId()).isEqualTo("bob");
            assertThat(r.tokens()).isEqualTo(900);
        });
        try (TokenBudgets b = TokenBudgets.openRecordingInterrupted(data, config(10_000, 0, true), clock, handed::add)) {
            assertThat(b.status("bob", "bob").getFirst().spent()).isEqualTo(900L);
        }
        assertThat(handed).hasSize(1);
    }

    @Test
    void settlingTwiceChangesNothingAndALateSettlementLeavesTheNewPeriodAlone() {
        try (TokenBudgets b = TokenBudgets.open(data, config(1000, 0, true), clock)) {
            Reservation r = b.reserve("alice", "alice", 500);
            b.settle(r, new Usage(10, 0));
            b.settle(r, new Usage(10, 0));
            assertThat(b.status("alice", "alice").getFirst().spent()).isEqualTo(10);
            Reservation late = b.reserve("alice", "alice", 500);
            clock.advance(Duration.ofDays(1));
            b.settle(late, new Usage(500, 0));
            assertThat(b.status("alice", "alice").getFirst()).extracting("spent", "held").containsExactly(0L, 0L);
        }
    }

    @Test
    void aCallRunningWhenItsPeriodEndsIsChargedToThePeriodItWasReservedIn() throws Exception {
        Instant reserved = clock.instant();
        try (TokenBudgets b = TokenBudgets.open(data, config(1000, 0, true), clock)) {
            Reservation r = b.reserve("alice", "alice", 500);
            clock.advance(Duration.ofDays(1));
            // A model that reports more than the bound it was sent is charged what it reports.
            b.settle(r, new Usage(100, 600));
            assertThat(b.status("alice", "alice").getFirst()).extracting("spent", "held").containsExactly(0L, 0L);
        }
        assertThat(Files.readAllLines(data.resolve("budgets/2026-11-25.jsonl")))
                .contains("{\"op\":\"settle\",\"id\":1,\"used\":700}");
        MutableClock thatDay = new MutableClock(reserved);
        try (TokenBudgets again = TokenBudgets.open(data, config(1000, 0, true), thatDay)) {
            assertThat(again.status("alice", "alice").getFirst()).extracting("spent", "held").containsExactly(700L, 0L);
        }
    }

    @Test
    void concurrentReservationsNeverOverCommit() throws Exception {
        long userLimit = 50_000;
        long teamLimit = 120_000;
        try (TokenBudgets b = TokenBudgets.open(data, config(userLimit, teamLimit, false), clock);
             ExecutorService pool = Executors.newFixedThreadPool(16)) {
            AtomicInteger granted = new AtomicInteger();
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            String[] users = {"alice", "bob", "dave"};
            for (int i = 0; i < 2000; i++) {
                String user = users[i % users.length];
                int n = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        Reservation r = b.reserve(user, user, 100);
                        granted.incrementAndGet();
                        if (n % 2 == 0) {
                            b.settle(r, new Usage(60, 40));
                        }
                    } catch (BudgetExceededException refused) {
                        // expected once budgets are full
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
            for (String user : users) {
                var user0 = b.status(user, user).getFirst();
                assertThat(user0.spent() + user0.held()).isLessThanOrEqualTo(userLimit);
            }
            var team = b.status("alice", "alice").get(1);
            assertThat(team.spent() + team.held()).isEqualTo(100_000).isLessThanOrEqualTo(teamLimit);
            // alice and bob together are capped by their user limits (2 x 50,000), dave by his own.
            assertThat(granted.get()).isEqualTo(1500);
        }
    }

    @Test
    void aBudgetLedgerThatCannotBeWrittenRefusesInsteadOfSendingUncounted() throws Exception {
        Files.writeString(data.resolve("budgets"), "not a folder");
        assertThatThrownBy(() -> TokenBudgets.open(data, config(1000, 0, true), clock))
                .isInstanceOf(GovernanceStoreException.class);
    }

    /** Flushes that wait here until the test runs them. */
    final List<Runnable> flushes = new ArrayList<>();

    @Test
    void aHoldIsCountedAtOnceAndItsFlushRunsBesideTheCallUntilDurableWaitsForIt() throws Exception {
        try (TokenBudgets b = TokenBudgets.open(data, config(1000, 0, true), clock, flushes::add)) {
            HeldReservation held = b.hold("alice", "alice", 900);
            assertThat(flushes).as("the flush is under way, not done").hasSize(1);
            assertThatThrownBy(() -> b.hold("alice", "alice", 200)).as("counted before it is flushed").isInstanceOf(BudgetExceededException.class);
            assertThat(Files.readString(data.resolve("budgets/2026-11-25.jsonl"))).as("written before it is flushed").contains("\"tokens\":900");

            CompletableFuture<Void> waiting = CompletableFuture.runAsync(held::durable);
            assertThat(waiting).as("durable waits for the flush").isNotDone();
            flushes.removeFirst().run();
            waiting.get(10, TimeUnit.SECONDS);
            b.settle(held.reservation(), new Usage(100, 0));
            b.hold("alice", "alice", 800);
        }
    }

    @Test
    void holdsMadeBeforeTheirFlushBeginsShareOneFlush() throws Exception {
        try (TokenBudgets b = TokenBudgets.open(data, config(1000, 0, true), clock, flushes::add)) {
            List<HeldReservation> holds = List.of(b.hold("alice", "alice", 10), b.hold("bob", "bob", 20), b.hold("alice", "alice", 30));
            assertThat(flushes).as("one flush for the three").hasSize(1);
            assertThat(holds).noneMatch(HeldReservation::isDurable);
            flushes.removeFirst().run();
            assertThat(holds).allMatch(HeldReservation::isDurable);
        }
    }

    @Test
    void aLedgerClosedWhileAFlushWaitsForcesItsLinesAndTheFlushSucceeds() throws Exception {
        try (TokenBudgets b = TokenBudgets.open(data, config(1000, 0, true), clock, flushes::add)) {
            HeldReservation held = b.hold("alice", "alice", 900);
            clock.advance(Duration.ofDays(1));
            b.hold("alice", "alice", 900); // the next period: the first ledger is closed, with its lines forced
            flushes.removeFirst().run();
            held.durable();
        }
        HeldReservation afterClose;
        try (TokenBudgets b = TokenBudgets.open(data, config(1000, 0, true), clock, flushes::add)) {
            afterClose = b.hold("bob", "bob", 10);
        }
        flushes.removeLast().run();
        afterClose.durable();
    }

    @Test
    void aFlushThatFailedFailsDurableWithTheLedgersFailure() {
        Reservation r = new Reservation(1, "alice", List.of("user:alice"), 10, "2026-11-25");
        java.io.IOException disk = new java.io.IOException("No space left on device");
        HeldReservation held = new HeldReservation(r, CompletableFuture.failedFuture(
                new java.util.concurrent.CompletionException(new GovernanceStoreException("the token budget ledger cannot be written", disk))));
        assertThatThrownBy(held::durable).isInstanceOf(GovernanceStoreException.class).hasCause(disk);
        assertThat(held.reservation()).isEqualTo(r);
    }

    @Test
    void withoutFsyncAHoldIsDurableAtOnceAndNothingRunsBesideIt() {
        try (TokenBudgets b = TokenBudgets.open(data, config(1000, 0, false), clock, flushes::add)) {
            b.hold("alice", "alice", 10).durable();
            assertThat(flushes).isEmpty();
        }
    }

    @Test
    void flushingTurnedOnAsTheBudgetsRunForcesTheNextHoldAndTurnedOffStops() throws Exception {
        try (TokenBudgets b = TokenBudgets.open(data, config(1000, 0, false), clock, flushes::add)) {
            b.hold("alice", "alice", 10).durable();
            b.retune(config(1000, 0, true));

            HeldReservation held = b.hold("alice", "alice", 20);
            assertThat(flushes).as("the hold after the edit is forced to disk").hasSize(1);
            CompletableFuture<Void> waiting = CompletableFuture.runAsync(held::durable);
            assertThat(waiting).as("durable waits for the flush").isNotDone();
            flushes.removeFirst().run();
            waiting.get(10, TimeUnit.SECONDS);

            b.retune(config(1000, 0, false));
            b.hold("alice", "alice", 30).durable();
            assertThat(flushes).isEmpty();
            assertThat(b.status("alice", "alice").getFirst().held()).isEqualTo(60L);
        }
    }
}
