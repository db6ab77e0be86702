package dev.stratus.ai.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratus.ai.governance.BudgetConfig;
import dev.stratus.ai.governance.BudgetPeriod;
import dev.stratus.ai.governance.TokenEstimator;
import dev.stratus.ai.model.ChatMessage;
import dev.stratus.ai.model.ChatRequest;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.Tier;
import dev.stratus.ai.router.Task;
import dev.stratus.ai.testing.Answer;
import dev.stratus.ai.testing.ScriptedEngine;
import dev.stratus.ai.testing.ScriptedUpstream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a step reserves bounds what it can spend: the call sends the answer bound its reservation
 * holds, a generous one when the caller set none, and what remains of a smaller budget rather
 * than a refusal.
 */
class AnswerBoundTest {
    @TempDir
    Path data;

    static BudgetConfig userTokens(long limit) {
        return new BudgetConfig(BudgetPeriod.DAILY, "UTC", limit, Map.of(), Map.of(), Map.of(), false);
    }

    ScriptedEngine engine(ScriptedUpstream upstream, BudgetConfig budgets, Integer maxOutput) {
        Deployment d = new Deployment("agent", Tier.SMALL, dev.stratus.ai.model.ProviderKind.OPENAI, upstream.openAiBaseUrl(), "agent",
                null, 128_000, maxOutput, true, dev.stratus.ai.testing.TestDeployments.TIMEOUT);
        return new ScriptedEngine(data, List.of(d), budgets, Clock.systemUTC());
    }

    static Run chat(String prompt, Integer maxOutput) {
        return new Run("alice-id", "alice", "ws", "chat", Task.CHAT, prompt, null, List.of(ChatMessage.user(prompt)), List.of(),
                Tier.SMALL, maxOutput);
    }

    static long prompt(String text) {
        return TokenEstimator.promptTokens(new ChatRequest(List.of(ChatMessage.user(text)), List.of(), null, null));
    }

    /** Each reservation line of the ledger: its tokens. */
    List<Long> reserved() throws Exception {
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.list(data.resolve("budgets"))) {
            return files.flatMap(f -> {
                try {
                    return Files.readAllLines(f).stream();
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }).map(l -> {
                try {
                    return json.readTree(l);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }).filter(n -> n.path("op").asText().equals("reserve")).map(n -> n.path("tokens").asLong()).toList();
        }
    }

    @Test
    void aChatIsSentTheGenerousBoundItsReservationHolds() throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.start(); ScriptedEngine e = engine(upstream, userTokens(1_000_000), null)) {
            upstream.openAi("agent").thenStream(Answer.text("Hello."));
            e.engine.run(chat("hi", null), new AgentRuns.Panel(call -> ""));
            JsonNode sent = upstream.lastRequest().json();
            assertThat(sent.path("max_tokens").asLong()).isEqualTo(OutputBound.DEFAULT);
            assertThat(reserved()).containsExactly(prompt("hi") + OutputBound.DEFAULT);
        }
    }

    @Test
    void aLongPromptGetsABoundAsLongAsItSoThatAWholeFileCanBeRewritten() throws Exception {
        String file = "int x = 1; // a line of code\n".repeat(2000);
        try (ScriptedUpstream upstream = ScriptedUpstream.start(); ScriptedEngine e = engine(upstream, userTokens(0), null)) {
            upstream.openAi("agent").thenStream(Answer.text("Done."));
            e.engine.run(chat(file, null), new AgentRuns.Panel(call -> ""));
            assertThat(upstream.lastRequest().json().path("max_tokens").asLong()).isEqualTo(prompt(file)).isGreaterThan(OutputBound.DEFAULT);
        }
    }

    @Test
    void theCallersBoundAndTheDeploymentsLimitAreKept() throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.start(); ScriptedEngine e = engine(upstream, userTokens(0), 3000)) {
            upstream.openAi("agent").thenStream(Answer.text("One.")).thenStream(Answer.text("Two."));
            e.engine.run(chat("hi", 300), new AgentRuns.Panel(call -> ""));
            assertThat(upstream.lastRequest().json().path("max_tokens").asInt()).isEqualTo(300);
            e.engine.run(chat("hi", null), new AgentRuns.Panel(call -> ""));
            assertThat(upstream.lastRequest().json().path("max_tokens").asInt()).isEqualTo(3000);
            assertThat(reserved()).containsExactly(prompt("hi") + 300, prompt("hi") + 3000);
        }
    }

    @Test
    void aBudgetSmallerThanTheBoundIsUsedUpAndTheCutAnswerSaysWhy() throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.start(); ScriptedEngine e = engine(upstream, userTokens(2000), null)) {
            upstream.openAi("agent").thenStream(Answer.text("This answer stops in the mid").finish("length").usage(3, 1997));
            AgentRuns.Panel panel = new AgentRuns.Panel(call -> "");
            e.engine.run(chat("hi", null), panel);
            assertThat(upstream.lastRequest().json().path("max_tokens").asLong()).isEqualTo(2000 - prompt("hi"));
            assertThat(reserved()).containsExactly(2000L);
            assertThat(panel.notices).containsExactly("length: The answer reached its length limit (" + (2000 - prompt("hi"))
                    + " tokens, what remained of the token budget) and stops there, unfinished.");
            // Spent: the next request is refused before anything is sent.
            assertThatThrownBy(() -> e.engine.run(chat("hi", null), new AgentRuns.Panel(call -> "")))
                    .isInstanceOfSatisfying(AiFailure.class, f -> assertThat(f.getMessage()).contains("2000 of 2000"));
            assertThat(upstream.requests()).hasSize(1);
        }
    }

    @Test
    void aBudgetWithLessThanAUsefulAnswerLeftRefusesAndSendsNothing() throws Exception {
        long limit = prompt("hi") + OutputBound.LEAST - 1;
        try (ScriptedUpstream upstream = ScriptedUpstream.start(); ScriptedEngine e = engine(upstream, userTokens(limit), null)) {
            assertThatThrownBy(() -> e.engine.run(chat("hi", null), new AgentRuns.Panel(call -> "")))
                    .isInstanceOfSatisfying(AiFailure.class, f -> assertThat(f.getMessage())
                            .contains("this request needs up to " + (prompt("hi") + OutputBound.LEAST)));
            assertThat(upstream.requests()).isEmpty();
        }
    }

    @Test
    void aCallersOwnBoundIsHeldWholeOrRefusedNeverCutShortUnseen() throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.start(); ScriptedEngine e = engine(upstream, userTokens(1000), null)) {
            assertThatThrownBy(() -> e.engine.run(chat("hi", 2000), new AgentRuns.Panel(call -> "")))
                    .isInstanceOfSatisfying(AiFailure.class, f -> assertThat(f.getMessage())
                            .contains("this request needs up to " + (prompt("hi") + 2000)));
            assertThat(upstream.requests()).isEmpty();
        }
    }

    @Test
    void aModelThatReportsMoreThanItsBoundIsChargedWhatItReports() throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.start(); ScriptedEngine e = engine(upstream, userTokens(5000), null)) {
            upstream.openAi("agent").thenStream(Answer.text("Long.").usage(10, 20_000));
            RunResult r = e.engine.run(chat("hi", null), new AgentRuns.Panel(call -> ""));
            assertThat(upstream.lastRequest().json().path("max_tokens").asLong()).isEqualTo(5000 - prompt("hi"));
            assertThat(r.usage().total()).isEqualTo(20_010);
            assertThat(e.budgets().status("alice-id", "alice").getFirst().spent()).isEqualTo(20_010);
        }
    }
}
