package dev.stratus.ai.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.ai.model.ChatMessage;
import dev.stratus.ai.model.Tier;
import dev.stratus.ai.router.Task;
import dev.stratus.ai.testing.ScriptedEngine;
import dev.stratus.ai.testing.ScriptedUpstream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An administrator who configured some tiers only: a task whose tier has no deployment is
 * answered by another tier, and the notice says which tier is missing, not a reason about a tier
 * the route looked at after it had already found one.
 */
class UnconfiguredTierFallbackTest {
    @TempDir
    Path data;
    final ScriptedUpstream upstream = ScriptedUpstream.start();
    ScriptedEngine ai;

    @AfterEach
    void close() throws Exception {
        ai.close();
        upstream.close();
    }

    static Run task(Task task, String prompt) {
        return new Run("alice", "alice", null, "chat", task, prompt, null, List.of(ChatMessage.user(prompt)), List.of(), null, 200);
    }

    @Test
    void aMediumTaskWithOnlyALargeDeploymentSaysNoMediumDeploymentIsConfigured() throws Exception {
        ai = new ScriptedEngine(upstream, data, "l-oa:large");
        upstream.openAi("l-oa").thenStream("it parses the header");
        CoolingDownAdmissionTest.Recorded sink = new CoolingDownAdmissionTest.Recorded();

        RunResult r = ai.engine.run(task(Task.EXPLAIN, "explain parse()"), sink);

        assertThat(r.tier()).isEqualTo(Tier.LARGE);
        assertThat(sink.notices).extracting(CoolingDownAdmissionTest.Notice::message)
                .containsExactly("Routed to the large tier: no medium deployment is configured.");
    }

    @Test
    void aSmallTaskWithOnlyALargeDeploymentNamesBothTiersItPassedOver() throws Exception {
        ai = new ScriptedEngine(upstream, data, "l-oa:large");
        upstream.openAi("l-oa").thenStream("fix: parse the header");
        CoolingDownAdmissionTest.Recorded sink = new CoolingDownAdmissionTest.Recorded();

        ai.engine.run(task(Task.COMMIT_MESSAGE, "write the commit message"), sink);

        assertThat(sink.notices).extracting(CoolingDownAdmissionTest.Notice::message)
                .containsExactly("Routed to the large tier: no small deployment is configured; no medium deployment is configured.");
    }
}
