package dev.stratus.ai.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stratus.ai.continuity.Cooldown;
import dev.stratus.ai.continuity.CooldownReason;
import dev.stratus.ai.engine.CoolingDownAdmissionTest.Recorded;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.ProviderKind;
import dev.stratus.ai.model.Tier;
import dev.stratus.ai.provider.QuotaErrorsTest;
import dev.stratus.ai.testing.TestDeployments;
import java.util.List;
import dev.stratus.ai.testing.ScriptedEngine;
import dev.stratus.ai.testing.ScriptedUpstream;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deployment whose account is out of quota at its provider: left alone for an hour, said so in
 * the user's words, passed over for the next deployment at once, and never waited for.
 */
class QuotaExhaustedTest {
    @TempDir
    Path data;
    final ScriptedUpstream upstream = ScriptedUpstream.start();
    ScriptedEngine ai;

    @AfterEach
    void close() throws Exception {
        ai.close();
        upstream.close();
    }

    @Test
    void anOpenAiDeploymentOutOfQuotaCoolsForAnHourAndTheNextAnswersAtOnce() throws Exception {
        ai = new ScriptedEngine(upstream, data, "s-oa:small", "s-b:small");
        upstream.openAi("s-oa").thenJson(429, QuotaErrorsTest.OPENAI_QUOTA);
        upstream.openAi("s-b").thenStream("from ", "the second");
        Recorded sink = new Recorded();

        RunResult r = ai.engine.run(CoolingDownAdmissionTest.chat("why does parse() fail?"), sink);

        assertThat(r.deployment()).isEqualTo("s-b");
        assertThat(upstream.requests()).hasSize(2); // no retry in place
        assertThat(ai.time.sleeps).isEmpty();
        Cooldown cd = ai.cooldowns.current("s-oa").orElseThrow();
        assertThat(cd.reason()).isEqualTo(CooldownReason.QUOTA_EXHAUSTED);
        assertThat(Duration.between(ai.time.instant(), cd.until())).isEqualTo(Duration.ofHours(1));
        assertThat(r.fallbacks()).containsExactly(new RunResult.Fallback("s-oa", "out of quota at the provider"));
        Deployment soa = ai.deployments.stream().filter(d -> d.name().equals("s-oa")).findFirst().orElseThrow();
        assertThat(ai.cooldowns.describe(soa)).hasValue("out of quota at the provider, available again in 60 min");
    }

    @Test
    void anAnthropicDeploymentWithTooLowACreditBalanceIsPassedOverToo() throws Exception {
        ai = new ScriptedEngine(data, List.of(
                new Deployment("s-an", Tier.SMALL, ProviderKind.ANTHROPIC, upstream.anthropicBaseUrl(), "s-an", null, 32_000, 1_000, false,
                        TestDeployments.TIMEOUT),
                new Deployment("s-b", Tier.SMALL, ProviderKind.OPENAI, upstream.openAiBaseUrl(), "s-b", null, 32_000, 1_000, false,
                        TestDeployments.TIMEOUT)));
        upstream.anthropic("s-an").thenJson(400, QuotaErrorsTest.ANTHROPIC_CREDIT);
        upstream.openAi("s-b").thenStream("from ", "the second");

        RunResult r = ai.engine.run(CoolingDownAdmissionTest.chat("why does parse() fail?"), new Recorded());

        assertThat(r.deployment()).isEqualTo("s-b");
        assertThat(ai.cooldowns.current("s-an").orElseThrow().reason()).isEqualTo(CooldownReason.QUOTA_EXHAUSTED);
    }

    @Test
    void aDeploymentOutOfQuotaIsNeverWaitedFor() throws Exception {
        ai = new ScriptedEngine(upstream, data, "s-oa:small");
        // Even when its cooldown ends within the wait a request allows (a provider that said so).
        ai.cooldowns.recordFailure("s-oa", CooldownReason.QUOTA_EXHAUSTED, Duration.ofSeconds(5));

        AiFailure e = catchThrowableOfType(AiFailure.class,
                () -> ai.engine.run(CoolingDownAdmissionTest.chat("why does parse() fail?"), new Recorded()));

        assertThat(e.code()).isEqualTo(AiFailure.UNAVAILABLE);
        assertThat(e.getMessage()).contains("out of quota at the provider");
        assertThat(ai.time.sleeps).isEmpty();
        assertThat(upstream.requests()).isEmpty();
    }
}
