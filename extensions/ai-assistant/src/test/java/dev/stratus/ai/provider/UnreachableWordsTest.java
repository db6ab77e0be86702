package dev.stratus.ai.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.ProviderKind;
import dev.stratus.ai.model.Tier;
import java.net.ConnectException;
import java.net.URI;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How a connection nothing took is worded, as the HTTP client reports each case. */
class UnreachableWordsTest {
    static Deployment at(String baseUrl) {
        return new Deployment("d", Tier.SMALL, ProviderKind.OPENAI, URI.create(baseUrl), "m", "sk-0123456789abcdef",
                null, null, null, Duration.ofSeconds(5));
    }

    static ConnectException failed(Throwable cause) {
        ConnectException e = new ConnectException();
        e.initCause(cause);
        return e;
    }

    @Test
    void aRefusedConnectionSaysWhereTheServerShouldBeRunningWithoutItsPathOrQuery() {
        assertThat(ProviderErrors.unreachableWords(at("http://127.0.0.1:11434/v1?api-version=1"), failed(new ClosedChannelException())))
                .isEqualTo("refusing connections (is the server running at 127.0.0.1:11434?)");
    }

    @Test
    void anUnknownHostIsNotSaidToRefuseAndAnUnwrittenPortIsTheSchemes() {
        assertThat(ProviderErrors.unreachableWords(at("https://models.example.internal/openai/v1"), failed(new UnresolvedAddressException())))
                .isEqualTo("host not found (is the server running at models.example.internal:443?)");
    }
}
