package dev.stratus.ai.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.ProviderKind;
import dev.stratus.ai.model.Tier;
import dev.stratus.ai.testing.ScriptedEngine;
import dev.stratus.ai.testing.ScriptedUpstream;
import dev.stratus.ai.testing.TestDeployments;
import dev.stratus.extension.api.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Conversations external tools send as OpenAI takes them, answered by an Anthropic deployment
 * whose API is stricter about their shape (the scripted upstream refuses what it refuses).
 */
class GatewayAnthropicTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;
    final ScriptedUpstream upstream = ScriptedUpstream.start();
    ScriptedEngine ai;
    OpenAiGateway gateway;

    void serve(Deployment... deployments) {
        ai = new ScriptedEngine(data, List.of(deployments));
        gateway = new OpenAiGateway(ai.engine, ai.state);
    }

    Deployment claude() {
        return new Deployment("claude", Tier.LARGE, ProviderKind.ANTHROPIC, upstream.anthropicBaseUrl(), "claude", null, 200_000,
                4096, true, TestDeployments.TIMEOUT);
    }

    @AfterEach
    void close() throws Exception {
        if (ai != null) {
            ai.close();
        }
        upstream.close();
    }

    HttpResponse post(String body) throws Exception {
        return GatewayCalls.answered(gateway.completions(new OpenAiGatewayTest.Post(body.getBytes(StandardCharsets.UTF_8))));
    }

    static JsonNode json(HttpResponse r) throws Exception {
        return JSON.readTree(new String(r.body(), StandardCharsets.UTF_8));
    }

    @Test
    void aConversationThatOpensWithTheAssistantsGreetingIsAnswered() throws Exception {
        serve(claude());
        upstream.anthropic().thenStream("Sure.");

        HttpResponse r = post("""
                {"model": "stratus/large", "messages": [{"role": "system", "content": "Be brief."},
                 {"role": "assistant", "content": "Hi! How can I help?"}, {"role": "user", "content": "Explain tabs."}]}""");

        assertThat(r.status()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(json(r).at("/choices/0/message/content").asText()).isEqualTo("Sure.");
        JsonNode sent = upstream.lastRequest().json().get("messages");
        assertThat(sent.get(0).get("role").asText()).isEqualTo("user");
        assertThat(sent.get(1).toString()).isEqualTo("{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Hi! How can I help?\"}]}");
        assertThat(sent.get(2).at("/content/0/text").asText()).isEqualTo("Explain tabs.");
    }

    @Test
    void whitespaceContentAndAFinalAssistantTurnEndingInASpaceAreAnswered() throws Exception {
        serve(claude());
        upstream.anthropic().thenStream("One.").thenStream("Two.");

        HttpResponse blank = post("""
                {"model": "stratus/large", "messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "  "},
                 {"role": "user", "content": " \\n"}, {"role": "user", "content": "again"}]}""");
        HttpResponse prefilled = post("""
                {"model": "stratus/large", "messages": [{"role": "user", "content": "hi"},
                 {"role": "assistant", "content": "Sure, here it is: "}]}""");

        assertThat(blank.status()).as(new String(blank.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(prefilled.status()).as(new String(prefilled.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(upstream.requests().get(0).json().get("messages").toString())
                .isEqualTo("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]},"
                        + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"again\"}]}]");
        assertThat(upstream.lastRequest().json().at("/messages/1/content/0/text").asText()).isEqualTo("Sure, here it is:");
    }

    @Test
    void aWhitespaceStopSequenceGoesToAModelThatTakesItAndIsRefusedWhenNoneDoes() throws Exception {
        Deployment local = new Deployment("local", Tier.LARGE, ProviderKind.OPENAI, upstream.openAiBaseUrl(), "local", null, 32_000,
                1_000, true, TestDeployments.TIMEOUT);
        serve(claude(), local);
        upstream.openAi().thenStream("one line");
        String request = """
                {"model": "stratus/large", "stop": ["\\n", "END"], "messages": [{"role": "user", "content": "hi"}]}""";

        HttpResponse mixed = post(request);

        assertThat(mixed.status()).as(new String(mixed.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(json(mixed).at("/stratus/deployment").asText()).isEqualTo("local");
        assertThat(json(mixed).at("/stratus/fallbacks")).isEmpty();
        assertThat(upstream.requests()).hasSize(1);

        ai.close();
        serve(claude());
        HttpResponse onlyClaude = post(request);

        assertThat(onlyClaude.status()).isEqualTo(400);
        assertThat(json(onlyClaude).at("/error/param").asText()).isEqualTo("stop");
        assertThat(json(onlyClaude).at("/error/message").asText()).contains("a stop sequence of only whitespace");
        assertThat(upstream.requests()).hasSize(1);
    }

    @Test
    void aTextCompletionWithOnlyAnthropicModelsIsRefusedNamingWhy() throws Exception {
        serve(claude());

        HttpResponse r = GatewayCalls.answered(gateway.textCompletions(new OpenAiGatewayTest.Post("""
                {"model": "stratus/large", "prompt": "def f(", "suffix": "):", "stream": true}""".getBytes(StandardCharsets.UTF_8))));

        assertThat(r.status()).isEqualTo(400);
        assertThat(json(r).at("/error/message").asText()).contains("No configured model serves text completions")
                .contains("claude: the anthropic API has no completions endpoint");
        assertThat(upstream.requests()).isEmpty();
    }
}
