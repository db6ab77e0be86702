package dev.stratus.ai.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A deployment's key never reaches a message that quotes a request or an upstream's answer. */
class DeploymentTest {
    static final String KEY = "sk-live-VERYSECRET-0123456789";
    final Deployment d = new Deployment("a", Tier.SMALL, ProviderKind.OPENAI, URI.create("http://127.0.0.1:1/v1"), "m", KEY,
            null, null, null, Duration.ofSeconds(5));

    @Test
    void theWholeKeyAndAnyLongPieceOfItAreBlankedAndNothingElse() {
        assertThat(d.withoutKey("invalid header value: \"Bearer " + KEY + "\\r\"")).isEqualTo("invalid header value: \"Bearer ***\\r\"");
        assertThat(d.withoutKey("Incorrect API key provided: sk-live-VERY****6789")).isEqualTo("Incorrect API key provided: *******6789");
        assertThat(d.withoutKey("key VERYSECRET-0123 is revoked")).isEqualTo("key *** is revoked");
        assertThat(d.withoutKey("http://127.0.0.1:1/v1/chat/completions answered 401 for model qwen2.5-coder:7b"))
                .isEqualTo("http://127.0.0.1:1/v1/chat/completions answered 401 for model qwen2.5-coder:7b");
        assertThat(d.withoutKey("sk-live is a common prefix")).as("shorter than a piece").isEqualTo("sk-live is a common prefix");
        Deployment keyless = new Deployment("b", Tier.SMALL, ProviderKind.OPENAI, URI.create("http://127.0.0.1:1/v1"), "m", null,
                null, null, null, Duration.ofSeconds(5));
        assertThat(keyless.withoutKey("nothing to hide")).isEqualTo("nothing to hide");
    }
}
