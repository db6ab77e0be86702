package dev.stratus.server.ai;

import static dev.stratus.server.ai.AiServerFixture.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A file's secrets and the edits the assistant offers: the model is given the file redacted, and
 * what it answers must not put its placeholders where the secrets stood.
 */
class AiEditSecretsTest {
    @RegisterExtension
    static final AiServerFixture ai = AiServerFixture.with(deployment("medium", "medium", "medium", 32000))
            .rateLimit(1000).file("Main.java", "class Main {\n}\n");

    /**
     * The model edits the file as it was shown it, a key replaced by its placeholder: the edit
     * offered has the key back where it stood (written as is, it would replace the user's key),
     * and the file's CRLF line endings, so that only the changed line differs.
     */
    @Test
    void anEditKeepsTheFilesSecretsAndLineEndings() throws Exception {
        String key = "sk-proj-AbCdEf1234567890XyZaBcDeFgH12";
        Path file = ai.server().awaitState().opened().orElseThrow().root().resolve("Secret.java");
        Files.writeString(file, "class Secret {\r\n    int x;\r\n    String key = \"" + key + "\";\r\n}\r\n");
        ai.upstream().openAi("medium").thenStream("```java\nclass Secret {\n    int count;\n    String key = \"[REDACTED:openai-key]\";\n}\n```\n");
        String requestId = ai.rpc().result("ai/edit", Map.of("path", "Secret.java", "instruction", "rename x to count")).get("requestId").asText();
        JsonNode done = AiTestServer.done(ai.events(requestId));
        assertThat(done.has("error")).as(done.toString()).isFalse();
        assertThat(done.get("edits").get(0).get("newText").asText())
                .isEqualTo("class Secret {\r\n    int count;\r\n    String key = \"" + key + "\";\r\n}\r\n");
        assertThat(ai.upstream().chatRequests()).allSatisfy(r -> assertThat(r.raw()).doesNotContain(key));

        // Two different keys, and an answer that kept one placeholder: which key it stands for is a guess, so nothing is offered.
        Files.writeString(file, "a = \"" + key + "\";\nint x;\nb = \"sk-proj-ZzYyXx0987654321AaBbCcDdEeFf99\";\n");
        ai.upstream().openAi("medium").thenStream("```java\nint count;\nb = \"[REDACTED:openai-key]\";\n```\n");
        String refused = ai.rpc().result("ai/edit", Map.of("path", "Secret.java", "instruction", "rename x to count")).get("requestId").asText();
        JsonNode error = AiTestServer.done(ai.events(refused)).get("error");
        assertThat(error.get("code").asInt()).as(error.toString()).isEqualTo(1005);
        assertThat(error.get("message").asText()).contains("openai-key").doesNotContain(key);
        Files.delete(file);
    }

    /**
     * A chat's code block applied as an edit, made of the file as the model saw it: a placeholder
     * where the file holds a key would replace the key, so it is refused and the file kept.
     */
    @Test
    void aChatEditThatWouldWritePlaceholdersOverSecretsIsRefused() throws Exception {
        String env = "API_KEY=sk-proj-AbCdEf1234567890XyZaBcDeFgH12\nDEBUG=false\n";
        Path file = ai.server().awaitState().opened().orElseThrow().root().resolve(".env");
        Files.writeString(file, env);
        Map<String, Object> apply = Map.of("requestId", "chat-2", "path", ".env", "expectedVersion", "v", "baseText", env,
                "newText", "API_KEY=[REDACTED:openai-key]\nDEBUG=true\n");
        assertThat(ai.rpc().errorCode("ai/applyEdit", apply)).isEqualTo(1005);
        assertThat(Files.readString(file)).isEqualTo(env);
        ai.rpc().result("ai/applyEdit", Map.of("requestId", "chat-2", "path", ".env", "expectedVersion", "v", "baseText", env,
                "newText", env.replace("false", "true")));
        assertThat(Files.readString(file)).isEqualTo(env.replace("false", "true"));
        Files.delete(file);
    }
}
