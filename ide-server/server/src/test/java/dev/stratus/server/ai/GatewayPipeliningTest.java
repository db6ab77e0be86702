package dev.stratus.server.ai;

import static dev.stratus.server.ai.AiServerFixture.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.ai.testing.Answer;
import dev.stratus.server.support.RpcClient;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Requests sent on one kept-alive connection before the gateway answered the first (pipelined),
 * while the first waits for its model and its client is watched: each is answered, whole, in the
 * order sent, however its bytes arrived.
 */
class GatewayPipeliningTest {
    /** Longer than the server waits before it watches a client (200 ms), so that every test runs under a watch. */
    static final Duration SLOW = Duration.ofMillis(1200);

    @RegisterExtension
    static final AiServerFixture ai = AiServerFixture.with(deployment("small", "small", "small", 16000),
            deployment("medium", "medium", "medium", 16000), deployment("large", "large", "large", 16000))
            .rateLimit(1000).userTokens(1000000);

    /** A request for {@code tier}'s model: which answer comes ({@link #script}) tells which request it answers. */
    static byte[] request(String tier) {
        byte[] body = ("{\"model\": \"stratus/" + tier + "\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + AiTestServer.TOKEN
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] all = java.util.Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            all.writeBytes(p);
        }
        return all.toByteArray();
    }

    /** The answer's text, read off the connection: a response with a Content-Length body. */
    static String answer(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection ended within a response's head: " + head);
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        assertThat(text).startsWith("HTTP/1.1 200 ");
        int length = text.lines().filter(l -> l.toLowerCase(Locale.ROOT).startsWith("content-length:"))
                .mapToInt(l -> Integer.parseInt(l.substring(l.indexOf(':') + 1).strip())).findFirst().orElseThrow();
        JsonNode body = RpcClient.JSON.readTree(in.readNBytes(length));
        return body.path("choices").path(0).path("message").path("content").asText();
    }

    /** Small's model answers "one" after {@link #SLOW}; medium's "two" and large's "three" at once. */
    static void script() {
        ai.upstream().openAi("small").thenStream(Answer.text("one").headersDelay(SLOW));
        ai.upstream().openAi("medium").thenStream("two");
        ai.upstream().openAi("large").thenStream("three");
    }

    static Socket connect() throws IOException {
        Socket s = new Socket(ai.server().baseUri().getHost(), ai.server().baseUri().getPort());
        s.setSoTimeout(15_000);
        return s;
    }

    @Test
    void threeRequestsSentAtOnceAreAnsweredInOrder() throws Exception {
        script();
        try (Socket s = connect()) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            s.getOutputStream().write(concat(request("small"), request("medium"), request("large")));
            s.getOutputStream().flush();

            assertThat(answer(in)).isEqualTo("one");
            assertThat(answer(in)).isEqualTo("two");
            assertThat(answer(in)).isEqualTo("three");
        }
    }

    @Test
    void aRequestSentWhileTwoSentAtOnceWaitIsAnsweredLast() throws Exception {
        script();
        try (Socket s = connect()) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            s.getOutputStream().write(concat(request("small"), request("medium")));
            s.getOutputStream().flush();
            Thread.sleep(SLOW.toMillis() / 2); // the first is watched by now
            s.getOutputStream().write(request("large"));
            s.getOutputStream().flush();

            assertThat(answer(in)).isEqualTo("one");
            assertThat(answer(in)).isEqualTo("two");
            assertThat(answer(in)).isEqualTo("three");
        }
    }

    @Test
    void aNextRequestArrivingByteByByteWhileTheFirstWaitsIsServed() throws Exception {
        ai.upstream().openAi("small").thenStream(Answer.text("one").headersDelay(SLOW));
        ai.upstream().openAi("medium").thenStream("two");
        try (Socket s = connect()) {
            s.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            out.write(request("small"));
            out.flush();
            Thread.sleep(300);
            for (byte b : request("medium")) {
                out.write(b);
                out.flush();
                Thread.sleep(1);
            }

            assertThat(answer(in)).isEqualTo("one");
            assertThat(answer(in)).isEqualTo("two");
        }
    }
}
