package dev.stratus.ai.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A configuration mistake names the setting and what it takes, never the value: a value in the
 * wrong place may be a key, and the message goes to the log and to every user's panel.
 */
class AiConfigValuesNeverShownTest {
    static final String SECRET = "sk-live-PASTEDKEY-abc123";

    private static String json(String yaml) throws Exception {
        return new ObjectMapper().writeValueAsString(new ObjectMapper(new YAMLFactory()).readTree(yaml).get("ai"));
    }

    private static String deploymentWith(String key, String value) throws Exception {
        StringBuilder yaml = new StringBuilder("ai:\n  deployments:\n    - name: a\n");
        for (String[] kv : new String[][] {{"tier", "small"}, {"provider", "openai"}, {"baseUrl", "http://127.0.0.1:1/v1"},
                {"model", "m"}}) {
            yaml.append("      ").append(kv[0]).append(": ").append(kv[0].equals(key) ? value : kv[1]).append('\n');
        }
        if (!key.equals("tier") && !key.equals("provider") && !key.equals("baseUrl") && !key.equals("model")) {
            yaml.append("      ").append(key).append(": ").append(value).append('\n');
        }
        return json(yaml.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ai: {governance: {budgets: {users: {alice: SECRET}}}}                | ai.governance: budgets.users.alice must be a whole number",
        "ai: {governance: {budgets: {teamTokens: {core: SECRET}}}}            | ai.governance: budgets.teamTokens.core must be a whole number",
        "ai: {governance: {budgets: {userTokens: SECRET}}}                    | ai.governance: budgets.userTokens must be a whole number",
        "ai: {governance: {budgets: {teams: {core: SECRET}}}}                 | ai.governance: budgets.teams.core must be a list",
        "ai: {governance: {budgets: {zone: SECRET}}}                          | ai.governance: budgets.zone must be a time zone",
        "ai: {governance: {budgets: {period: SECRET}}}                        | ai.governance: budgets.period must be daily or monthly",
        "ai: {governance: {budgets: {fsync: SECRET}}}                         | ai.governance: budgets.fsync must be true or false",
        "ai: {governance: {rateLimit: {requestsPerMinute: SECRET}}}           | ai.governance: rateLimit.requestsPerMinute must be a whole number",
        "ai: {governance: {rateLimit: {completionsPerMinute: SECRET}}}        | ai.governance: rateLimit.completionsPerMinute must be a whole number",
        "ai: {governance: {rateLimit: SECRET}}                                | ai.governance: rateLimit must be a mapping",
        "ai: {governance: {redaction: {extraPatterns: [{kind: SECRET, regex: x}]}}} | ai.governance: redaction.extraPatterns kind must be",
        "ai: {governance: {audit: {auditPrompts: SECRET}}}                    | ai.governance: audit.auditPrompts must be true or false",
        "ai: {governance: {budgets: {SECRET: 1}}}                             | ai.governance: budgets.sk-live-PASTEDKEY-abc123 is not a known setting",
        "ai: {routing: {tasks: {explain: SECRET}}}                            | ai.routing.tasks.explain must be a tier: small, medium or large",
    })
    void aWrongValueIsNamedByItsSettingOnly(String yaml, String message) throws Exception {
        String config = json(yaml.replace("SECRET", SECRET));
        String expected = message.replace("SECRET", SECRET);
        var thrown = assertThatThrownBy(() -> AiConfig.parse(config, k -> null)).isInstanceOf(AiConfigException.class)
                .hasMessageStartingWith(expected);
        if (!expected.contains(SECRET)) {
            // A key is named, as a misspelt setting has to be; a value never is.
            thrown.hasMessageNotContaining(SECRET).hasMessageNotContaining("PASTEDKEY");
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "tier       | ai.deployments[0] (a): tier must be small, medium or large",
        "provider   | ai.deployments[0] (a): provider must be openai or anthropic",
        "apiKeyEnv  | ai.deployments[0] (a): the environment variable named in apiKeyEnv is not set",
        "apiKeyFile | ai.deployments[0] (a): the file named in apiKeyFile cannot be read (no such file)",
        "baseUrl    | ai.deployments[0] (a): baseUrl must be an http(s) URL with a host",
    })
    void aDeploymentSettingHoldingAKeyIsNamedNotShown(String key, String message) throws Exception {
        String config = deploymentWith(key, SECRET);

        assertThatThrownBy(() -> AiConfig.parse(config, k -> null)).isInstanceOf(AiConfigException.class)
                .hasMessage(message).hasMessageNotContaining("PASTEDKEY");
    }

    /**
     * A key file read again when its key is refused (rotation) that gives no key: what is wrong
     * with it goes to ai/status and the log, never its text, however much of it looks like a key.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "SECRET SECRET        | the key in the file named in apiKeyFile is empty or holds spaces or control characters",
        "SECRETTABsecond    | the key in the file named in apiKeyFile is empty or holds spaces or control characters",
        "Bearer SECRET        | the key in the file named in apiKeyFile is empty or holds spaces or control characters",
        "SECRETNUL           | the key in the file named in apiKeyFile is empty or holds spaces or control characters",
        "'   '                | the key in the file named in apiKeyFile is empty or holds spaces or control characters",
    })
    void aKeyFileReadAgainIsDescribedNotShown(String content, String problem, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("key");
        Files.writeString(file, content.replace("SECRET", SECRET).replace("TAB", "\t").replace("NUL", "\0"));

        KeyFile read = KeyFile.read(file);

        assertThat(read.key()).isNull();
        assertThat(read.problem()).isEqualTo(problem).doesNotContain("PASTEDKEY");
        assertThat(read.toString()).doesNotContain("PASTEDKEY");
        assertThat(KeyFile.read(dir.resolve("gone")).problem()).isEqualTo("the file named in apiKeyFile cannot be read (no such file)");
    }

    @Test
    void aKeyFileReadIsNeverPrinted(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("key");
        Files.writeString(file, SECRET + "\n");

        assertThat(KeyFile.read(file).key()).isEqualTo(SECRET);
        assertThat(KeyFile.read(file).toString()).doesNotContain("PASTEDKEY");
    }
}
