package dev.stratus.ai.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.ai.continuity.CooldownReason;
import dev.stratus.ai.model.ChatMessage;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.Tier;
import dev.stratus.ai.router.RouteDecision;
import dev.stratus.ai.router.Task;
import dev.stratus.ai.testing.ScriptedEngine;
import dev.stratus.ai.testing.ScriptedUpstream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new request while every deployment is cooling down after 429s: it waits for the first to
 * recover when that is within the wait a request allows, as a request already in flight does,
 * and is refused at once, saying when in words, only when none recovers in time.
 */
class CoolingDownAdmissionTest {
    @TempDir
    Path data;
    final ScriptedUpstream upstream = ScriptedUpstream.start();
    ScriptedEngine ai;

    @AfterEach
    void close() throws Exception {
        ai.close();
        upstream.close();
    }

    void start() {
        ai = new ScriptedEngine(upstream, data, "s-oa:small", "m-oa:medium", "l-oa:large");
    }

    void coolAll(long smallSeconds, long othersSeconds) {
        ai.cooldowns.recordFailure("s-oa", CooldownReason.RATE_LIMITED, Duration.ofSeconds(smallSeconds));
        ai.cooldowns.recordFailure("m-oa", CooldownReason.RATE_LIMITED, Duration.ofSeconds(othersSeconds));
        ai.cooldowns.recordFailure("l-oa", CooldownReason.RATE_LIMITED, Duration.ofSeconds(othersSeconds));
    }

    static Run chat(String prompt) {
        return new Run("alice", "alice", null, "chat", Task.CHAT, prompt, null, List.of(ChatMessage.user(prompt)), List.of(), null, 200);
    }

    record Notice(String kind, String message) {
    }

    static final class Recorded implements RunSink {
        final List<Notice> notices = new ArrayList<>();
        final StringBuilder text = new StringBuilder();

        @Override
        public void text(String delta) {
            text.append(delta);
        }

        @Override
        public void notice(String kind, String message, Integer discardedChars) {
            notices.add(new Notice(kind, message));
        }
    }

    @Test
    void aNewRequestWaitsForTheFirstDeploymentToRecoverWithinTheBound() throws Exception {
        start();
        coolAll(12, 20);
        upstream.openAi("s-oa").thenStream("back ", "again");
        Recorded sink = new Recorded();

        RunResult r = ai.engine.run(chat("why does parse() fail?"), sink);

        assertThat(r.deployment()).isEqualTo("s-oa");
        assertThat(sink.text).hasToString("back again");
        assertThat(ai.time.sleeps).containsExactly(Duration.ofSeconds(12));
        assertThat(sink.notices).extracting(Notice::kind).contains("waiting");
        assertThat(sink.notices).filteredOn(n -> n.kind().equals("waiting")).first()
                .satisfies(n -> assertThat(n.message()).contains("waiting 12 s for s-oa"));
        assertThat(upstream.requests()).hasSize(1);
    }

    @Test
    void theRouteNotesDeploymentsItWouldWaitForAsCoolingDown() {
        start();
        coolAll(12, 20);

        RouteDecision d = ai.engine.route(chat("why does parse() fail?"));

        assertThat(d.candidates()).extracting(Deployment::name).containsExactly("s-oa", "m-oa", "l-oa");
        assertThat(d.tier()).isEqualTo(Tier.SMALL);
        assertThat(d.reasons()).contains("s-oa: cooling down (rate limited, available again in 12 s), "
                + "kept to wait for if no deployment ready now answers");
    }

    @Test
    void aDeploymentReadyNowIsTriedBeforeOnesThatWouldBeWaitedFor() {
        start();
        ai.cooldowns.recordFailure("s-oa", CooldownReason.RATE_LIMITED, Duration.ofSeconds(12));

        RouteDecision d = ai.engine.route(chat("why does parse() fail?"));

        assertThat(d.candidates()).extracting(Deployment::name).containsExactly("m-oa", "l-oa", "s-oa");
        assertThat(d.tier()).isEqualTo(Tier.MEDIUM);
        assertThat(d.fallback()).isTrue();
        assertThat(d.reasons()).contains("s-oa: cooling down (rate limited, available again in 12 s), "
                + "kept to wait for if no deployment ready now answers")
                .noneMatch(reason -> reason.matches(".*\\d{4}-\\d{2}-\\d{2}T.*"));
    }

    @Test
    void aFallbackBecauseTheChosenTierIsCoolingDownIsToldInWords() throws Exception {
        start();
        ai.cooldowns.recordFailure("s-oa", CooldownReason.RATE_LIMITED, Duration.ofSeconds(12));
        upstream.openAi("m-oa").thenStream("medium answers");
        Recorded sink = new Recorded();

        RunResult r = ai.engine.run(chat("why does parse() fail?"), sink);

        assertThat(r.deployment()).isEqualTo("m-oa");
        assertThat(sink.notices).containsExactly(new Notice("fallback", "Routed to the medium tier: no small deployment can answer "
                + "now (s-oa: cooling down, rate limited, available again in 12 s)."));
        assertThat(r.fallbacks()).containsExactly(new RunResult.Fallback("s-oa", "cooling down (rate limited, available again in 12 s)"));
    }

    @Test
    void aRequestNoModelCouldEverTakeIsRefusedInWordsNotTheScorersArithmetic() {
        start();
        Run tooLong = new Run("alice", "alice", null, "chat", Task.CHAT, "hi", null, List.of(ChatMessage.user("hi")), List.of(), null, 100_000);

        assertThatThrownBy(() -> ai.engine.run(tooLong, RunSink.NONE))
                .isInstanceOfSatisfying(AiFailure.class, e -> {
                    assertThat(e.reason()).isEqualTo(AiFailure.CONTEXT_TOO_LARGE);
                    assertThat(e.getMessage()).startsWith("No model can take this request: s-oa (small): context 32000 < ")
                            .contains("; m-oa (medium): context 32000 < ").doesNotContain("score").doesNotContain("->");
                });
    }

    @Test
    void whenNoneRecoversWithinTheBoundTheRefusalSaysWhenInWords() {
        start();
        coolAll(100, 200);

        assertThatThrownBy(() -> ai.engine.run(chat("why does parse() fail?"), RunSink.NONE))
                .isInstanceOfSatisfying(AiFailure.class, e -> {
                    assertThat(e.code()).isEqualTo(AiFailure.UNAVAILABLE);
                    assertThat(e.getMessage()).isEqualTo("No model can answer within the 30 s this request may wait; "
                            + "the first is available again in 100 s: s-oa (small): rate limited, available again in 100 s; "
                            + "m-oa (medium): rate limited, available again in 4 min; l-oa (large): rate limited, available again in 4 min");
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(100));
                });
        assertThat(upstream.requests()).isEmpty();
    }
}
