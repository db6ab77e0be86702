package dev.stratus.ai.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.ai.testing.ScriptedEngine;
import dev.stratus.ai.testing.ScriptedUpstream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reasoning model's leading think block, as gateway clients get it: out of {@code content},
 * as a server with a reasoning parser would have it, streamed or not.
 */
class GatewayThinkBlockTest {
    @TempDir
    Path data;
    final ScriptedUpstream upstream = ScriptedUpstream.start();
    ScriptedEngine ai;
    OpenAiGateway gateway;

    @BeforeEach
    void start() {
        ai = new ScriptedEngine(upstream, data, "s-oa:small");
        gateway = new OpenAiGateway(ai.engine, ai.state);
    }

    @AfterEach
    void close() throws Exception {
        ai.close();
        upstream.close();
    }

    private String post(boolean stream) throws Exception {
        return new String(GatewayCalls.answered(gateway.completions(new OpenAiGatewayTest.Post("""
                {"model": "stratus/small", "stream": %s, "messages": [{"role": "user", "content": "hi"}]}""".formatted(stream)
                .getBytes(StandardCharsets.UTF_8)))).body(), StandardCharsets.UTF_8);
    }

    @Test
    void theContentHoldsTheAnswerWithoutTheThinkBlock() throws Exception {
        upstream.openAi("s-oa").thenStream("<thi", "nk>The user greets me.</think>", "\n\nHello", "!");
        String streamed = post(true);
        assertThat(streamed).contains("\"content\":\"Hello\"", "\"content\":\"!\"").doesNotContain("think", "greets");

        upstream.openAi("s-oa").thenStream("<think>The user greets me.</think>\n\nHello!");
        String plain = post(false);
        assertThat(GatewayContinuityTest.JSON.readTree(plain).get("choices").get(0).get("message").get("content").asText())
                .isEqualTo("Hello!");
    }
}
