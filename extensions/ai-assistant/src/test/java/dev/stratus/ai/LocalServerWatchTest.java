package dev.stratus.ai;

import static dev.stratus.ai.testing.LocalModelServer.Reply.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.ai.provider.LocalServer;
import dev.stratus.ai.provider.LocalServerDetector;
import dev.stratus.ai.testing.LocalModelServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The background look for model servers, as ai/status asks it: a panel opened just after the
 * assistant started gets what the first look finds, not an empty list it would keep showing.
 */
class LocalServerWatchTest {
    private static final String TAGS = "{\"models\": [{\"name\": \"qwen2.5-coder:7b\"}]}";

    @Test
    void theFirstAnswerWaitsForTheFirstLook() throws Exception {
        try (LocalModelServer ollama = LocalModelServer.slow(Map.of("/api/tags", json(TAGS)), 300);
             LocalServerWatch watch = new LocalServerWatch(new LocalServerDetector(List.of(ollama.root()), Duration.ofMillis(1000)),
                     Duration.ofMinutes(1))) {
            assertThat(watch.get()).extracting(LocalServer::server).containsExactly("Ollama");
        }
    }

    @Test
    void aLookThatTakesTooLongIsNotWaitedForBeyondItsBound() throws Exception {
        try (LocalModelServer stuck = LocalModelServer.slow(Map.of("/api/tags", json(TAGS)), 3_500);
             LocalServerWatch watch = new LocalServerWatch(new LocalServerDetector(List.of(stuck.root()), Duration.ofSeconds(5)),
                     Duration.ofMinutes(1))) {
            long start = System.nanoTime();
            assertThat(watch.get()).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(LocalServerWatch.FIRST_LOOK.plusSeconds(2));
        }
    }
}
