package dev.stratus.ai.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConversationTurnsTest {
    private final ConversationTurns turns = new ConversationTurns();
    private final Object tabA = new Object();
    private final Object tabB = new Object();

    @Test
    void anotherConnectionIsRefusedUntilTheTurnIsOver() {
        ConversationTurns.Turn first = turns.take("ws", "c1", tabA).orElseThrow();
        assertThat(turns.take("ws", "c1", tabB)).isEmpty();
        assertThat(turns.take("ws", "c2", tabB)).as("another conversation").isPresent();
        assertThat(turns.take("other-ws", "c1", tabB)).as("another workspace's").isPresent();
        first.end();
        assertThat(turns.take("ws", "c1", tabB)).isPresent();
    }

    @Test
    void aTurnStoppedWhileWaitingWaitsOnThroughInterruptsBoundedAndStaysInterrupted() throws Exception {
        ConversationTurns.Turn first = turns.take("ws", "c1", tabA).orElseThrow();
        ConversationTurns.Turn second = turns.take("ws", "c1", tabA).orElseThrow();
        CompletableFuture<Boolean[]> waited = new CompletableFuture<>();
        Thread t = Thread.ofVirtual().start(() -> {
            Thread.currentThread().interrupt();
            boolean over = second.awaitBeforeThroughInterrupts(Duration.ofSeconds(10));
            waited.complete(new Boolean[] {over, Thread.currentThread().isInterrupted()});
        });
        Thread.sleep(100);
        t.interrupt();
        Thread.sleep(100);
        assertThat(waited).as("an interrupt does not end the wait").isNotDone();
        first.end();
        assertThat(waited.get(5, TimeUnit.SECONDS)).containsExactly(true, true);

        ConversationTurns.Turn third = turns.take("ws", "c1", tabA).orElseThrow();
        assertThat(third.awaitBeforeThroughInterrupts(Duration.ofMillis(50))).as("the turn before is not over").isFalse();
        assertThat(turns.take("ws", "c2", tabA).orElseThrow().awaitBeforeThroughInterrupts(Duration.ZERO)).as("none before").isTrue();
    }

    @Test
    void aTurnHandedOverKeepsItsMessageOnceTheTurnBeforeIsOverAndOnlyThenEnds() throws Exception {
        ConversationTurns.Turn first = turns.take("ws", "c1", tabA).orElseThrow();
        ConversationTurns.Turn second = turns.take("ws", "c1", tabA).orElseThrow();
        List<String> stored = new CopyOnWriteArrayList<>();
        second.keepAfterBefore(() -> stored.add("second's message"));
        second.end(); // the request's own end: the turn goes on until its message is kept
        ConversationTurns.Turn third = turns.take("ws", "c1", tabA).orElseThrow();
        assertThat(third.awaitBeforeThroughInterrupts(Duration.ofMillis(100))).as("the handed-over turn is not over").isFalse();
        assertThat(stored).as("kept only after the answer before it").isEmpty();

        stored.add("first's answer");
        first.end();
        assertThat(third.awaitBeforeThroughInterrupts(Duration.ofSeconds(5))).isTrue();
        assertThat(stored).containsExactly("first's answer", "second's message");
        third.end();
        assertThat(turns.take("ws", "c1", tabB)).as("every turn is over").isPresent();
    }

    @Test
    void theSameConnectionsNextTurnWaitsForTheOneBefore() throws Exception {
        ConversationTurns.Turn first = turns.take("ws", "c1", tabA).orElseThrow();
        ConversationTurns.Turn second = turns.take("ws", "c1", tabA).orElseThrow();
        CompletableFuture<Void> waited = CompletableFuture.runAsync(() -> {
            try {
                second.awaitBefore();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        assertThat(waited).isNotDone();
        first.end();
        waited.get(5, TimeUnit.SECONDS);
        assertThat(turns.take("ws", "c1", tabB)).as("the second turn is not over yet").isEmpty();
        second.end();
        assertThat(turns.take("ws", "c1", tabB)).isPresent();
    }

    @Test
    void stoppingClosesTheOwnersOfOpenTurnsAndWaitsForTheirAnswersToBeKept() throws Exception {
        ConversationTurns.Turn[] answering = new ConversationTurns.Turn[1];
        CompletableFuture<Void> kept = new CompletableFuture<>();
        // A connection whose close interrupts its answer, which is then stored a little later.
        AutoCloseable connection = () -> CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            kept.complete(null);
            answering[0].end();
        });
        answering[0] = turns.take("ws", "c1", connection).orElseThrow();
        turns.take("ws", "c2", tabB).orElseThrow().end();

        assertThat(turns.stop(Duration.ofSeconds(5))).isTrue();
        assertThat(kept).as("the answer was kept before stop returned").isDone();
        assertThat(turns.take("ws", "c1", tabB)).isPresent();
    }

    @Test
    void stoppingWaitsNoLongerThanItsTimeout() throws Exception {
        turns.take("ws", "c1", tabA).orElseThrow();
        long start = System.nanoTime();
        assertThat(turns.stop(Duration.ofMillis(200))).as("a turn whose owner cannot be closed is not over").isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
}
