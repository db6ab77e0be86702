package dev.stratus.ai.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.ai.model.Tier;
import dev.stratus.ai.testing.Answer;
import dev.stratus.ai.testing.RecordedRequest;
import dev.stratus.ai.testing.ScriptedEngine;
import dev.stratus.ai.testing.ScriptedUpstream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each step of the agent loop goes only to a deployment whose context holds it: tool results
 * make a later step longer than the first the router admitted, and a local server given more
 * than its context cuts the prompt without a word. The step moves to a larger deployment with
 * the notice and record a context overflow gets, or, when none holds it, the answer stops with
 * a message; it is never sent where it does not fit.
 */
class StepContextFitTest {
    /** About 6,700 tokens by the engine's estimate (three characters a token): two of them do not fit 12,000 with the answer's bound. */
    static final String FILE = "// one line of a large source file\n".repeat(570);

    @TempDir
    Path data;

    static Answer read(String id, String path) {
        return Answer.empty().toolCall(id, "read_file", "{\"path\": \"" + path + "\"}");
    }

    @Test
    void aStepThatOutgrowsTheSmallContextGoesToALargerDeploymentAndIsRecorded() throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.start()) {
            upstream.openAi("local-small").thenStream(read("c1", "a.txt")).thenStream(read("c2", "b.txt"));
            upstream.openAi("big-medium").thenStream(read("c3", "c.txt")).thenStream(read("c4", "d.txt"))
                    .thenStream("The four files differ in their first line.");
            try (ScriptedEngine e = new ScriptedEngine(data, List.of(AgentRuns.deployment(upstream, "local-small", Tier.SMALL, 12_000),
                    AgentRuns.deployment(upstream, "big-medium", Tier.MEDIUM, 128_000)))) {
                AgentRuns.Panel panel = new AgentRuns.Panel(call -> FILE);

                RunResult result = e.engine.run(AgentRuns.chat(Tier.SMALL, "Compare a.txt, b.txt, c.txt and d.txt"), panel);

                assertThat(result.text()).isEqualTo("The four files differ in their first line.");
                assertThat(result.deployment()).isEqualTo("big-medium");
                assertThat(panel.ran).hasSize(4);
                assertThat(upstream.requests()).hasSize(5);
                assertThat(sentTo(upstream, "local-small")).hasSize(2)
                        .allSatisfy(body -> assertThat(body.length()).as("fits 12,000 tokens").isLessThan(12_000 * 3));
                assertThat(sentTo(upstream, "big-medium")).hasSize(3);
                assertThat(panel.notices).anySatisfy(n -> assertThat(n)
                        .startsWith("fallback: The next step does not fit the context of local-small (12000 tokens): it needs about ")
                        .endsWith("continuing with big-medium, which has a larger context."));
                assertThat(result.fallbacks()).extracting(RunResult.Fallback::deployment).containsExactly("local-small");
                assertThat(result.reasons()).contains("escalated small -> medium: context overflow");
                assertThat(upstream.unusedSteps()).isZero();
            }
        }
    }

    @Test
    void aStepNoDeploymentHoldsEndsTheAnswerWithAMessageAndIsNeverSent() throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.start()) {
            upstream.openAi("local-small").thenStream(read("c1", "a.txt")).thenStream(read("c2", "b.txt"));
            upstream.openAi("mid-medium").thenStream(read("c3", "c.txt")).thenStream("never asked");
            try (ScriptedEngine e = new ScriptedEngine(data, List.of(AgentRuns.deployment(upstream, "local-small", Tier.SMALL, 12_000),
                    AgentRuns.deployment(upstream, "mid-medium", Tier.MEDIUM, 20_000)))) {
                AgentRuns.Panel panel = new AgentRuns.Panel(call -> FILE);

                assertThatThrownBy(() -> e.engine.run(AgentRuns.chat(Tier.SMALL, "Compare a.txt, b.txt, c.txt and d.txt"), panel))
                        .isInstanceOfSatisfying(AiFailure.class, f -> {
                            assertThat(f.code()).isEqualTo(AiFailure.UNAVAILABLE);
                            assertThat(f.reason()).isEqualTo(AiFailure.CONTEXT_TOO_LARGE);
                            assertThat(f.getMessage()).startsWith("The answer stopped before its next step: ")
                                    .contains("(the largest: mid-medium, 20000 tokens)").contains("Nothing was cut");
                        });

                // Three files read; the step carrying the third result fits neither context and is not sent.
                assertThat(panel.ran).hasSize(3);
                assertThat(sentTo(upstream, "local-small")).hasSize(2)
                        .allSatisfy(body -> assertThat(body.length()).isLessThan(12_000 * 3));
                assertThat(sentTo(upstream, "mid-medium")).hasSize(1)
                        .allSatisfy(body -> assertThat(body.length()).isLessThan(20_000 * 3));
                assertThat(upstream.unusedSteps()).isEqualTo(1);
            }
        }
    }

    /** The bodies of the chat requests that named {@code model}, in order. */
    static List<String> sentTo(ScriptedUpstream upstream, String model) {
        return upstream.requests().stream().filter(r -> r.path().endsWith("/chat/completions"))
                .filter(r -> model.equals(r.json().path("model").asText())).map(RecordedRequest::body).toList();
    }
}
