package dev.stratus.ai.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
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
}
