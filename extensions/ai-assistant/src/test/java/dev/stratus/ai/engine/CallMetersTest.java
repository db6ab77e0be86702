package dev.stratus.ai.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.ai.model.ChatMessage;
import dev.stratus.ai.model.Tier;
import dev.stratus.ai.router.Task;
import dev.stratus.ai.testing.ScriptedEngine;
import dev.stratus.ai.testing.ScriptedUpstream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every provider call is counted with its outcome, failed ones too, and the tokens charged for
 * an answer that did not finish are counted as those of one that did.
 */
class CallMetersTest {
    @TempDir
    Path data;

    static Run chat() {
        return new Run("alice", "alice", "ws", "chat", Task.CHAT, "hi", null, List.of(ChatMessage.user("hi")), List.of(), Tier.SMALL, null);
    }

    @Test
    void aFailedCallIsCountedWithItsOutcomeBesideTheOneThatAnswered() throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.start()) {
            upstream.openAi("small-a").thenStatus(429);
            upstream.openAi("small-b").thenStream("from b");
            try (ScriptedEngine e = new ScriptedEngine(upstream, data, "small-a:small", "small-b:small")) {
                e.engine.run(chat(), RunSink.NONE);

                assertThat(e.metrics.scrape())
                        .contains("stratus_ai_requests_total{deployment=\"small-a\",outcome=\"error:rate-limited\",tier=\"small\"} 1.0")
                        .contains("stratus_ai_requests_total{deployment=\"small-b\",outcome=\"ok\",tier=\"small\"} 1.0");
            }
        }
    }

    @Test
    void aCallNoDeploymentAnsweredIsCountedWithItsOutcome() throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.start()) {
            upstream.openAi("solo").thenStatus(401);
            try (ScriptedEngine e = new ScriptedEngine(upstream, data, "solo:small")) {
                assertThatThrownBy(() -> e.engine.run(chat(), RunSink.NONE)).isInstanceOf(AiFailure.class);

                assertThat(e.metrics.scrape())
                        .contains("stratus_ai_requests_total{deployment=\"solo\",outcome=\"error:auth\",tier=\"small\"} 1.0");
            }
        }
    }

    @Test
    void theTokensOfAnAnswerTheClientLeftAreCountedAsTheyAreCharged() throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.start()) {
            upstream.openAi("solo").thenStream("The first half ", "and the rest, which nobody reads.");
            try (ScriptedEngine e = new ScriptedEngine(upstream, data, "solo:small")) {
                RunSink leaving = new RunSink() {
                    @Override
                    public void text(String delta) {
                        throw new IllegalStateException("the client left");
                    }

                    @Override
                    public void notice(String kind, String message, Integer discardedChars) {
                    }
                };
                assertThatThrownBy(() -> e.engine.run(chat(), leaving)).isInstanceOf(IllegalStateException.class);

                var record = e.auditRecords().getLast();
                assertThat(record.path("outcome").asText()).isEqualTo("error:aborted");
                long prompt = record.path("promptTokens").asLong();
                long completion = record.path("completionTokens").asLong();
                assertThat(prompt).isPositive();
                String scrape = e.metrics.scrape();
                assertThat(scrape)
                        .contains("stratus_ai_requests_total{deployment=\"solo\",outcome=\"error:aborted\",tier=\"small\"} 1.0")
                        .contains("stratus_ai_tokens_total{deployment=\"solo\",kind=\"prompt\",tier=\"small\"} " + prompt + ".0")
                        .contains("stratus_ai_tokens_total{deployment=\"solo\",kind=\"completion\",tier=\"small\"} " + completion + ".0");
            }
        }
    }

    @Test
    void outcomesAreNamedInLowerCaseWithHyphens() {
        assertThat(List.of(CallMeters.outcome(dev.stratus.ai.continuity.Attempt.Outcome.ANSWERED),
                CallMeters.outcome(dev.stratus.ai.continuity.Attempt.Outcome.SERVER_ERROR),
                CallMeters.outcome(dev.stratus.ai.continuity.Attempt.Outcome.STREAM_CUT)))
                .containsExactly("ok", "error:server-error", "error:stream-cut");
    }
}
