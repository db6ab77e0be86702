package dev.stratus.ai.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.ProviderKind;
import dev.stratus.ai.model.Tier;
import dev.stratus.ai.testing.Answer;
import dev.stratus.ai.testing.ScriptedEngine;
import dev.stratus.ai.testing.ScriptedUpstream;
import dev.stratus.ai.testing.TestDeployments;
import dev.stratus.extension.api.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A deployment that reports more context than it serves, as the gateway's clients see it. */
class GatewayContextOverflowTest {
    static final ObjectMapper JSON = new ObjectMapper();
    /** What an OpenAI-compatible server whose context is 4096 tokens answers a longer request. */
    static final String REFUSAL = """
            {"error": {"message": "This model's maximum context length is 4096 tokens. However, your messages resulted in 9000 \
            tokens. Please reduce the length of the messages.", "type": "invalid_request_error", "code": "context_length_exceeded"}}""";

    @TempDir
    Path data;
    final ScriptedUpstream upstream = ScriptedUpstream.start();
    ScriptedEngine ai;
    OpenAiGateway gateway;

    @BeforeEach
    void start() {
        ai = new ScriptedEngine(data, List.of(deployment("liar", Tier.SMALL, 1_000_000), deployment("honest", Tier.LARGE, 32_768)));
        gateway = new OpenAiGateway(ai.engine, ai.state);
    }

    @AfterEach
    void close() throws Exception {
        ai.close();
        upstream.close();
    }

    Deployment deployment(String name, Tier tier, int contextTokens) {
        return new Deployment(name, tier, ProviderKind.OPENAI, upstream.openAiBaseUrl(), name, null, contextTokens, 1_000, false,
                TestDeployments.TIMEOUT);
    }

    HttpResponse post(String body) throws Exception {
        return GatewayCalls.answered(gateway.completions(new OpenAiGatewayTest.Post(body.getBytes(StandardCharsets.UTF_8))));
    }

    static String longRequest() {
        return """
                {"model": "stratus/small", "messages": [{"role": "user", "content": "summarize: %s"}]}"""
                .formatted("lorem ipsum dolor sit amet ".repeat(800));
    }

    @Test
    void aRequestRefusedByADeploymentThatClaimsMoreContextGoesToOneThatHoldsIt() throws Exception {
        upstream.openAi("liar").thenStatus(400, Map.of(), REFUSAL);
        upstream.openAi("honest").thenStream(Answer.text("A summary."));

        HttpResponse r = post(longRequest());

        assertThat(r.status()).as(r.body() == null ? "" : new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).get("choices").get(0).get("message").get("content").asText()).isEqualTo("A summary.");
        assertThat(upstream.requests()).extracting(q -> q.json().get("model").asText()).containsExactly("liar", "honest");
    }

    @Test
    void theContextADeploymentWasFoundToServeKeepsTheNextLongRequestAwayAndStatusShowsIt() throws Exception {
        upstream.openAi("liar").thenStatus(400, Map.of(), REFUSAL);
        upstream.openAi("honest").thenStream(Answer.text("A summary.")).thenStream(Answer.text("Another."));
        post(longRequest());

        HttpResponse again = post(longRequest());

        assertThat(again.status()).isEqualTo(200);
        assertThat(upstream.requests()).extracting(q -> q.json().get("model").asText()).containsExactly("liar", "honest", "honest");
        var liar = ai.state.status().deployments().getFirst();
        assertThat(liar.contextTokens()).isEqualTo(4096);
        assertThat(liar.problem()).isEqualTo("serves 4096 tokens of context (so it said on refusing a longer request), less than"
                + " the 1000000 it reports; requests that need more go to other deployments");
    }

    @Test
    void aShortRequestStillGoesToTheDeploymentThatServesLessThanItReports() throws Exception {
        upstream.openAi("liar").thenStatus(400, Map.of(), REFUSAL).thenStream(Answer.text("Short."));
        upstream.openAi("honest").thenStream(Answer.text("A summary."));
        post(longRequest());

        HttpResponse shortOne = post("""
                {"model": "stratus/small", "max_tokens": 100, "messages": [{"role": "user", "content": "hi"}]}""");

        assertThat(shortOne.status()).isEqualTo(200);
        assertThat(upstream.requests()).extracting(q -> q.json().get("model").asText()).containsExactly("liar", "honest", "liar");
    }
}
