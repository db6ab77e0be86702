package dev.stratus.server.ai;

import static dev.stratus.server.ai.AiServerFixture.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client that asks before sending its body ({@code Expect: 100-continue}) is told to go on at
 * once, not left to give up waiting (curl waits a second, others longer); one whose body is too
 * large is refused before it sends it.
 */
class GatewayExpectContinueTest {
    @RegisterExtension
    static final AiServerFixture ai = AiServerFixture.with(deployment("small", "small", "small", 16000))
            .rateLimit(1000).userTokens(1000000);

    static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection ended within a response's head: " + head);
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    static Socket ask(long length) throws IOException {
        Socket s = new Socket(ai.server().baseUri().getHost(), ai.server().baseUri().getPort());
        s.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + AiTestServer.TOKEN
                + "\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: " + length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return s;
    }

    @Test
    void aClientThatAsksBeforeSendingItsBodyIsToldToGoOn() throws Exception {
        ai.upstream().openAi("small").thenStream("hello");
        byte[] body = """
                {"model": "stratus/small", "messages": [{"role": "user", "content": "hi"}]}""".getBytes(StandardCharsets.UTF_8);
        try (Socket s = ask(body.length)) {
            s.setSoTimeout(500); // well before a client gives up waiting and sends its body anyway
            InputStream in = s.getInputStream();
            assertThat(head(in)).startsWith("HTTP/1.1 100 ");

            s.setSoTimeout(10_000);
            s.getOutputStream().write(body);
            s.getOutputStream().flush();
            String answer = head(in);
            assertThat(answer).startsWith("HTTP/1.1 200 ");
            int length = answer.lines().filter(l -> l.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:"))
                    .mapToInt(l -> Integer.parseInt(l.substring(l.indexOf(':') + 1).strip())).findFirst().orElseThrow();
            assertThat(new String(in.readNBytes(length), StandardCharsets.UTF_8)).contains("\"content\":\"hello\"");
        }
    }

    @Test
    void aBodyTooLargeIsRefusedBeforeTheClientSendsIt() throws Exception {
        try (Socket s = ask(2L << 20)) {
            s.setSoTimeout(10_000);
            assertThat(head(s.getInputStream())).startsWith("HTTP/1.1 413 ");
        }
    }
}
