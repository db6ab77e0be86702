package dev.stratus.server.lsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ContentLengthFramingTest {

    private static InputStream stream(String s) {
        return new BufferedInputStream(new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void messagesRoundTripWithUtf8Lengths() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ContentLengthFraming.write(out, "{\"a\":\"ü\"}".getBytes(StandardCharsets.UTF_8));
        ContentLengthFraming.write(out, "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Content-Length: 10\r\n\r\n{\"a\":\"ü\"}");
        InputStream in = new BufferedInputStream(new ByteArrayInputStream(out.toByteArray()));
        assertThat(new String(ContentLengthFraming.read(in, 1024), StandardCharsets.UTF_8)).isEqualTo("{\"a\":\"ü\"}");
        assertThat(ContentLengthFraming.read(in, 1024)).asString().isEqualTo("{}");
        assertThat(ContentLengthFraming.read(in, 1024)).isNull();
    }

    @Test
    void otherHeadersAndCaseAreAccepted() throws IOException {
        InputStream in = stream("content-length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}");
        assertThat(ContentLengthFraming.read(in, 1024)).asString().isEqualTo("{}");
    }

    @Test
    void anOversizedMessageIsSkippedAndTheNextOneRead() throws IOException {
        String big = "{\"jsonrpc\":\"2.0\",\"id\":42,\"result\":\"" + "x".repeat(5000) + "\"}";
        InputStream in = stream("Content-Length: " + big.length() + "\r\n\r\n" + big + "Content-Length: 2\r\n\r\n{}");
        assertThatThrownBy(() -> ContentLengthFraming.read(in, 1024))
                .isInstanceOfSatisfying(ContentLengthFraming.OversizedMessageException.class, e -> {
                    assertThat(e.length()).isEqualTo(big.length());
                    assertThat(new String(e.head(), StandardCharsets.UTF_8)).startsWith("{\"jsonrpc\":\"2.0\",\"id\":42");
                    assertThat(e.head()).hasSize(ContentLengthFraming.OVERSIZED_HEAD);
                });
        assertThat(ContentLengthFraming.read(in, 1024)).asString().isEqualTo("{}");
    }

    @Test
    void malformedOrCutStreamsAreErrors() {
        assertThatThrownBy(() -> ContentLengthFraming.read(stream("Content-Type: x\r\n\r\n{}"), 1024)).hasMessageContaining("Content-Length");
        assertThatThrownBy(() -> ContentLengthFraming.read(stream("Content-Length: abc\r\n\r\n"), 1024)).hasMessageContaining("Malformed");
        assertThatThrownBy(() -> ContentLengthFraming.read(stream("Content-Length: 10\r\n\r\n{}"), 1024)).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> ContentLengthFraming.read(stream("Content-Len"), 1024)).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> ContentLengthFraming.read(stream("X".repeat(5000) + "\r\n"), 1024)).hasMessageContaining("longer");
    }
}
