package dev.stratus.server.lsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LanguageServerEnvironmentTest {

    @Test
    void onlyAllowListedVariablesReachALanguageServer() {
        Map<String, String> env = LanguageServerEnvironment.build(Map.of(
                "PATH", "/opt/node/bin:/usr/bin", "HOME", "/home/dev", "LANG", "C.UTF-8", "LC_ALL", "C.UTF-8", "TMPDIR", "/tmp/x",
                "STRATUS_BOOTSTRAP_TOKEN", "secret-0123456789abcdef0123456789", "AWS_SECRET_ACCESS_KEY", "k", "NODE_OPTIONS", "--require /tmp/evil.js",
                "DATABASE_PASSWORD", "p"));
        assertThat(env).containsEntry("PATH", "/opt/node/bin:/usr/bin").containsEntry("HOME", "/home/dev")
                .containsEntry("LANG", "C.UTF-8").containsEntry("LC_ALL", "C.UTF-8").containsEntry("TMPDIR", "/tmp/x")
                .doesNotContainKeys("STRATUS_BOOTSTRAP_TOKEN", "AWS_SECRET_ACCESS_KEY", "NODE_OPTIONS", "DATABASE_PASSWORD");
        assertThat(env.keySet()).allMatch(k -> LanguageServerEnvironment.PASSED.contains(k) || k.equals("NO_UPDATE_NOTIFIER"));
    }

    @Test
    void aMissingPathGetsTheStandardOne() {
        assertThat(LanguageServerEnvironment.build(Map.of())).containsEntry("PATH", "/usr/local/bin:/usr/bin:/bin").containsKey("HOME");
    }
}
