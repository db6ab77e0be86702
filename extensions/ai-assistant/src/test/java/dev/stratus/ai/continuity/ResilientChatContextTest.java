package dev.stratus.ai.continuity;

import static dev.stratus.ai.continuity.ResilientChatTest.REQUEST;
import static dev.stratus.ai.continuity.ResilientChatTest.deployment;
import static dev.stratus.ai.continuity.ScriptedClient.answer;
import static dev.stratus.ai.continuity.ScriptedClient.fail;
import static dev.stratus.ai.continuity.ScriptedClient.overflow;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.ai.continuity.Attempt.Outcome;
import dev.stratus.ai.model.ProviderException.Kind;
import dev.stratus.ai.model.Tier;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A context overflow rules out what the upstream's own words prove too small, and nothing a claim alone suggests. */
class ResilientChatContextTest {
    final FakeTime time = new FakeTime();
    final Cooldowns cooldowns = new Cooldowns(CooldownPolicy.defaults(), time, new FixedRandom(0));
    final ScriptedClient client = new ScriptedClient();

    Answer call(Candidate... candidates) throws InterruptedException {
        ContinuityConfig config = ContinuityConfig.defaults();
        Backoff backoff = new Backoff(config.backoffBase(), config.backoffCap(), new FixedRandom(0.5), time);
        return new ResilientChat(config, cooldowns, backoff, time, time, d -> client).call(List.of(candidates), REQUEST, e -> { });
    }

    static List<Outcome> outcomes(Answer a) {
        return a.trace().attempts().stream().map(Attempt::outcome).toList();
    }

    @Test
    void aDeploymentClaimingMoreContextThanItServesDoesNotRuleOutOneThatHoldsTheRequest() throws Exception {
        // Reports a million tokens (say, Ollama giving the model's native context while num_ctx is 4096).
        Candidate liar = Candidate.primary(deployment("liar", Tier.SMALL, 1_000_000));
        Candidate honest = Candidate.neighbour(deployment("honest", Tier.LARGE, 32768));
        client.on("liar", overflow(4096)).on("honest", answer("fits"));

        Answer answer = call(liar, honest);

        assertThat(answer.answeredBy().name()).isEqualTo("honest");
        assertThat(outcomes(answer)).containsExactly(Outcome.CONTEXT_OVERFLOW, Outcome.ANSWERED);
        assertThat(answer.trace().notices().get(0).message())
                .isEqualTo("The request does not fit the context of liar (4096 tokens); trying a deployment with a larger context.");
    }

    @Test
    void anOverflowThatStatesNoLimitRulesOutNoOtherCandidate() throws Exception {
        Candidate a = Candidate.primary(deployment("a", Tier.SMALL, 8192));
        Candidate b = Candidate.primary(deployment("b", Tier.SMALL, 8192));
        client.on("a", fail(Kind.CONTEXT_OVERFLOW)).on("b", answer("b holds it"));

        Answer answer = call(a, b);

        assertThat(answer.answeredBy().name()).isEqualTo("b");
        assertThat(outcomes(answer)).containsExactly(Outcome.CONTEXT_OVERFLOW, Outcome.ANSWERED);
        assertThat(answer.trace().notices().get(0).message())
                .isEqualTo("The request does not fit the context of a; trying a deployment with a larger context.");
    }
}
