package dev.stratus.ai.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratus.ai.model.ChatMessage;
import dev.stratus.ai.model.ChatRequest;
import dev.stratus.ai.model.Sampling;
import dev.stratus.ai.model.ToolCall;
import dev.stratus.ai.model.ToolChoice;
import dev.stratus.ai.model.ToolSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {
    static final String AWS_KEY = "AKIA" + "Q3EGRT7WXZ2KVN4P";
    static final String GH_TOKEN = "ghp_" + "qx9vJupc94tnwlavyfErGPmpGXafq0fjzLcz";
    private final Redactor redactor = new Redactor(RedactionConfig.defaults());

    static ChatRequest request(ChatMessage... messages) {
        return new ChatRequest(List.of(messages), null, 512, null);
    }

    @Test
    void secretsInTextToolArgumentsAndToolResultsAreReplacedAndCountedPerMessage() throws Exception {
        ChatRequest request = request(
                ChatMessage.system("You are helpful."),
                ChatMessage.user("My key is " + AWS_KEY + " and also " + AWS_KEY),
                ChatMessage.assistant("", List.of(new ToolCall("c1", "run_command",
                        "{\"command\":\"git push https://" + GH_TOKEN + "@github.com/acme/app\",\"env\":{\"apiKey\":\"abc123def456\"}}"))),
                ChatMessage.toolResult("c1", "DB_PASSWORD=Tr0ub4dor&3\nok"));

        Redacted r = redactor.redact(request);

        List<ChatMessage> out = r.request().messages();
        assertThat(out.get(0)).isEqualTo(request.messages().get(0));
        assertThat(out.get(1).content()).isEqualTo("My key is [REDACTED:aws-access-key] and also [REDACTED:aws-access-key]");
        String args = out.get(2).toolCalls().getFirst().argumentsJson();
        assertThat(new ObjectMapper().readTree(args).path("command").asText())
                .isEqualTo("git push https://[REDACTED:github-token]@github.com/acme/app");
        assertThat(args).contains("\"apiKey\":\"[REDACTED:json-secret-field]\"").doesNotContain("abc123def456");
        assertThat(out.get(2).toolCalls().getFirst().id()).isEqualTo("c1");
        assertThat(out.get(3).content()).isEqualTo("DB_PASSWORD=[REDACTED:env-secret]\nok");
        assertThat(out.get(3).toolCallId()).isEqualTo("c1");
        assertThat(r.findings()).containsExactly(
                new Redacted.Finding("aws-access-key", 1, 2),
                new Redacted.Finding("github-token", 2, 1),
                new Redacted.Finding("json-secret-field", 2, 1),
                new Redacted.Finding("env-secret", 3, 1));
        assertThat(r.countsByKind()).containsEntry("aws-access-key", 2).hasSize(4);
        assertThat(r.request().maxOutputTokens()).isEqualTo(512);
    }

    @Test
    void secretsInTheToolsOfferedStopSequencesAndAResponseSchemaAreReplacedToo() throws Exception {
        ChatRequest request = new ChatRequest(List.of(ChatMessage.user("hi")),
                List.of(new ToolSpec("deploy", "Deploys with token " + GH_TOKEN,
                        "{\"type\":\"object\",\"properties\":{\"key\":{\"type\":\"string\",\"default\":\"" + AWS_KEY + "\"}}}")),
                null, new Sampling(0.1, null, List.of("END", AWS_KEY), null, null, null, ToolChoice.function("deploy"), null,
                        "{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\",\"description\":\"" + GH_TOKEN + "\"}}"));

        Redacted r = redactor.redact(request);

        ToolSpec tool = r.request().tools().getFirst();
        assertThat(tool.name()).isEqualTo("deploy");
        assertThat(tool.description()).isEqualTo("Deploys with token [REDACTED:github-token]");
        assertThat(new ObjectMapper().readTree(tool.parametersSchema()).at("/properties/key/default").asText())
                .isEqualTo("[REDACTED:aws-access-key]");
        Sampling sampling = r.request().sampling();
        assertThat(sampling.stop()).containsExactly("END", "[REDACTED:aws-access-key]");
        assertThat(sampling.responseFormat()).contains("[REDACTED:github-token]").doesNotContain(GH_TOKEN);
        assertThat(sampling.temperature()).isEqualTo(0.1);
        assertThat(sampling.toolChoice()).isEqualTo(ToolChoice.function("deploy"));
        assertThat(r.findings()).containsExactly(
                new Redacted.Finding("aws-access-key", Redacted.Finding.OUTSIDE_MESSAGES, 2),
                new Redacted.Finding("github-token", Redacted.Finding.OUTSIDE_MESSAGES, 2));
    }

    @Test
    void headerAndRegistryCredentialsInToolArgumentsAreReplacedByFieldName() throws Exception {
        String args = "{\"url\":\"https://api.acme.io\",\"headers\":{\"X-Api-Key\":\"c2f1e8d7b6a5f4e3d2c1b0a9\","
                + "\"Authorization\":\"Basic YWxpY2U6czM=\"},\"auths\":{\"registry.acme.io\":{\"auth\":\"YWxpY2U6czNjcjN0\"}},"
                + "\"auth\":\"basic\",\"authorization\":null}";
        Redacted r = redactor.redact(request(ChatMessage.assistant("", List.of(new ToolCall("c1", "http_get", args)))));

        var out = new ObjectMapper().readTree(r.request().messages().getFirst().toolCalls().getFirst().argumentsJson());
        assertThat(out.path("headers").path("X-Api-Key").asText()).isEqualTo("[REDACTED:json-secret-field]");
        assertThat(out.path("headers").path("Authorization").asText()).isEqualTo("[REDACTED:json-secret-field]");
        assertThat(out.path("auths").path("registry.acme.io").path("auth").asText()).isEqualTo("[REDACTED:json-secret-field]");
        // A scheme's name and a null are no secrets.
        assertThat(out.path("auth").asText()).isEqualTo("basic");
        assertThat(out.path("authorization").isNull()).isTrue();
        assertThat(out.path("url").asText()).isEqualTo("https://api.acme.io");
    }

    @Test
    void aShortPlainPasswordInToolArgumentsIsReplacedAndALabelIsNot() throws Exception {
        String args = "{\"login\":{\"user\":\"app\",\"password\":\"letmein\",\"pin\":\"1234\",\"apiToken\":\"123456\"},"
                + "\"labels\":{\"password\":\"Password\",\"confirmPassword\":\"Confirm password\",\"token\":\"Mot de passe\"},"
                + "\"form\":{\"password\":\"current-password\"}}";
        Redacted r = redactor.redact(request(ChatMessage.assistant("", List.of(new ToolCall("c1", "http_post", args)))));

        var out = new ObjectMapper().readTree(r.request().messages().getFirst().toolCalls().getFirst().argumentsJson());
        assertThat(out.path("login").path("password").asText()).isEqualTo("[REDACTED:json-secret-field]");
        assertThat(out.path("login").path("apiToken").asText()).isEqualTo("[REDACTED:json-secret-field]");
        assertThat(out.path("login").path("pin").asText()).isEqualTo("1234");
        assertThat(out.path("labels").toString())
                .isEqualTo("{\"password\":\"Password\",\"confirmPassword\":\"Confirm password\",\"token\":\"Mot de passe\"}");
        assertThat(out.path("form").path("password").asText()).isEqualTo("current-password");
    }

    @Test
    void redactingTwiceFindsNothingNew() {
        Redacted once = redactor.redact(request(ChatMessage.user("export API_TOKEN=" + GH_TOKEN + "\npassword = \"hunter2hunter2\"")));
        Redacted twice = redactor.redact(once.request());
        assertThat(twice.findings()).isEmpty();
        assertThat(twice.request()).isEqualTo(once.request());
    }

    @Test
    void toolArgumentsThatAreNotJsonAreRedactedAsText() {
        Redacted r = redactor.redact(request(ChatMessage.assistant("", List.of(new ToolCall("c", "t", "key " + AWS_KEY + " {")))));
        assertThat(r.request().messages().getFirst().toolCalls().getFirst().argumentsJson())
                .isEqualTo("key [REDACTED:aws-access-key] {");
    }

    @Test
    void extraPatternsFromConfigurationAreRedacted() {
        Redactor custom = new Redactor(new RedactionConfig(null, null, List.of(
                new RedactionConfig.ExtraPattern("acme-token", "acme_[a-z0-9]{16}"),
                new RedactionConfig.ExtraPattern("acme-pin", "pin=(\\d{6})"))));
        Redacted r = custom.redact(request(ChatMessage.user("use acme_0123456789abcdef with pin=123456")));
        assertThat(r.request().messages().getFirst().content())
                .isEqualTo("use [REDACTED:acme-token] with pin=[REDACTED:acme-pin]");
    }

    @Test
    void aBadExtraRegexIsAConfigurationError() {
        assertThatThrownBy(() -> GovernanceConfig.fromYaml("redaction:\n  extraPatterns:\n    - {kind: acme, regex: 'acme_[a-z'}\n"))
                .isInstanceOf(GovernanceConfigException.class)
                .hasMessageContaining("redaction.extraPatterns.acme is not a valid regex");
        assertThatThrownBy(() -> GovernanceConfig.fromYaml("redaction:\n  extraPatterns:\n    - {kind: acme, regex: 'x*'}\n"))
                .isInstanceOf(GovernanceConfigException.class).hasMessageContaining("matches empty text");
        assertThatThrownBy(() -> GovernanceConfig.fromYaml("redaction:\n  extraPatterns:\n    - {kind: 'Bad Kind', regex: 'x'}\n"))
                .isInstanceOf(GovernanceConfigException.class).hasMessageContaining("kind");
    }

    @Test
    void hostileInputToTheBuiltInRulesFinishesQuickly() {
        StringBuilder hostile = new StringBuilder();
        while (hostile.length() < 1_000_000) {
            hostile.append("-----BEGIN RSA PRIVATE KEY----- aaaaaaaaaaaaaaaaaaaaaaaaa= password_password_password:'")
                    .append("x".repeat(300)).append(" sk-").append("a1B-".repeat(50)).append("://u:").append("p".repeat(200))
                    .append("\nTOKEN_TOKEN_TOKEN_TOKEN_TOKEN_TOKEN").append("A".repeat(100)).append('\n');
        }
        long start = System.nanoTime();
        Redacted r = redactor.redact(request(ChatMessage.user(hostile.toString())));
        // Linear rules: a megabyte of near-misses is scanned well inside the default time bound.
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5000);
        assertThat(r.findings()).isNotEmpty();
    }

    @Test
    void aPrivateKeyOverANotebookCellsLinesIsRedactedAndTheNotebookStaysJson() throws Exception {
        // Each line of a cell is a string of its own: a key written out by a cell spans them all.
        String body = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7aG09pqCymR4M";
        String notebook = """
                {"cells": [{"cell_type": "code", "source": [
                  "key = \\"\\"\\"\\n",
                  "-----BEGIN PRIVATE KEY-----\\n",
                  "%s\\n",
                  "%s\\n",
                  "-----END PRIVATE KEY-----\\n",
                  "\\"\\"\\"\\n",
                  "sign(key)"
                ]}]}""".formatted(body, body.toLowerCase(java.util.Locale.ROOT));
        String out = redactor.redact(request(ChatMessage.user(notebook))).request().messages().getFirst().content();
        assertThat(out).doesNotContain(body).doesNotContain(body.toLowerCase(java.util.Locale.ROOT)).contains("sign(key)");
        var source = new ObjectMapper().readTree(out).path("cells").get(0).path("source");
        assertThat(out).contains("[REDACTED:private-key]");
        assertThat(source.get(0).asText()).isEqualTo("key = \"\"\"\n");
        assertThat(source.get(source.size() - 2).asText()).isEqualTo("\"\"\"\n");
        assertThat(source.get(source.size() - 1).asText()).isEqualTo("sign(key)");
    }

    @Test
    void hostileInputInANotebooksStringsFinishesQuickly() {
        // Every line a JSON string with escapes: the rules read the megabyte a second time, decoded.
        StringBuilder hostile = new StringBuilder("{\"cell_type\": \"code\", \"source\": [\n");
        while (hostile.length() < 1_000_000) {
            hostile.append("\"password_password_password: \\\"").append("x".repeat(300)).append(" sk-").append("a1B-".repeat(50))
                    .append("://u:").append("p".repeat(200)).append("\\nTOKEN_TOKEN_TOKEN_TOKEN=").append("A\\\"".repeat(100))
                    .append("\\n\",\n");
        }
        hostile.append("\"\"]}");
        long start = System.nanoTime();
        Redacted r = redactor.redact(request(ChatMessage.user(hostile.toString())));
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5000);
        assertThat(r.countsByKind()).containsKey("env-secret");
    }

    @Test
    void catastrophicBacktrackingIsStoppedAndTheRequestBlocked() {
        Redactor custom = new Redactor(new RedactionConfig(200, null, List.of(
                new RedactionConfig.ExtraPattern("evil", "((x+)\\2?)+y"))));
        String secretBearing = AWS_KEY + " " + "x".repeat(40) + "!";
        long start = System.nanoTime();
        assertThatThrownBy(() -> custom.redact(request(ChatMessage.user(secretBearing))))
                .isInstanceOf(RedactionBlockedException.class)
                .hasMessageContaining("not sent").hasMessageContaining("200 ms")
                .message().doesNotContain(AWS_KEY);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(3000);
    }

    @Test
    void aRequestOverTheSizeBoundIsBlocked() {
        Redactor small = new Redactor(new RedactionConfig(null, 100, null));
        assertThatThrownBy(() -> small.redact(request(ChatMessage.user("x".repeat(101)))))
                .isInstanceOf(RedactionBlockedException.class).hasMessageContaining("101 characters");
    }

    @Test
    void aFailingRuleBlocksTheRequest() {
        Redactor custom = new Redactor(new RedactionConfig(null, null, List.of(
                new RedactionConfig.ExtraPattern("deep", "(a|b)*c"))));
        // Java's regex recurses per repetition of an alternation group: a long run overflows the stack.
        assertThatThrownBy(() -> custom.redact(request(ChatMessage.user("ab".repeat(200_000)))))
                .isInstanceOf(RedactionBlockedException.class).hasMessageContaining("not sent");
    }
}
