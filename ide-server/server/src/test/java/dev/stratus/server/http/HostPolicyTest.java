package dev.stratus.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class HostPolicyTest {
    private final HostPolicy policy = new HostPolicy(Set.of("127.0.0.1", "localhost", "::1"), Set.of("https://ide.example.com"));

    @Test
    void originMustBeTheRequestsOwnHostExactly() {
        assertThat(policy.originAllowed("http://127.0.0.1:8080", "127.0.0.1:8080")).isTrue();
        assertThat(policy.originAllowed("http://localhost:8080", "localhost:8080")).isTrue();
        assertThat(policy.originAllowed("http://[::1]:8080", "[::1]:8080")).isTrue();
        assertThat(policy.originAllowed("http://127.0.0.1:8081", "127.0.0.1:8080")).isFalse();
        assertThat(policy.originAllowed("http://127.0.0.1:8080.evil.com", "127.0.0.1:8080")).isFalse();
        assertThat(policy.originAllowed("http://evil.example", "evil.example")).as("the Host itself must be allowed").isFalse();
        assertThat(policy.originAllowed("null", "127.0.0.1:8080")).isFalse();
        assertThat(policy.originAllowed(null, "127.0.0.1:8080")).isFalse();
        assertThat(policy.originAllowed("file://127.0.0.1:8080", "127.0.0.1:8080")).isFalse();
        assertThat(policy.originAllowed("http://127.0.0.1:8080/", "127.0.0.1:8080")).isFalse();
    }

    @Test
    void explicitlyAllowedOriginsPass() {
        assertThat(policy.originAllowed("https://ide.example.com", "127.0.0.1:8080")).isTrue();
        assertThat(policy.originAllowed("https://ide.example.com.evil", "127.0.0.1:8080")).isFalse();
    }

    @Test
    void hostHeadersAreParsedStrictly() {
        assertThat(HostPolicy.hostOnly("[::1]:8080")).isEqualTo("::1");
        assertThat(HostPolicy.hostOnly("LocalHost:80")).isEqualTo("localhost");
        assertThat(HostPolicy.hostOnly("127.0.0.1:")).isNull();
        assertThat(HostPolicy.hostOnly("127.0.0.1:8o")).isNull();
        assertThat(HostPolicy.hostOnly("")).isNull();
        assertThat(policy.hostAllowed("127.0.0.1.nip.io:8080")).isFalse();
    }
}
