package dev.stratus.ai.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.stratus.ai.model.ChatMessage;
import dev.stratus.ai.model.ChatRequest;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.ProviderKind;
import dev.stratus.ai.model.Tier;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A complete answer leaves its connection to the provider open for the next call, also when the
 * body's end comes a moment after the provider's end-of-answer marker (a keep-alive HTTP/1.1
 * server, unlike the scripted upstream, which closes every connection).
 */
class ConnectionReuseTest {
    private static final ChatRequest HELLO = new ChatRequest(List.of(ChatMessage.user("Hi")), null, null, null);

    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    private final HttpServer server;
    private final HttpClient http = ProviderClients.newHttpClient();

    ConnectionReuseTest() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/chat/completions", exchange -> {
            clientPorts.add(exchange.getRemoteAddress().getPort());
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0); // chunked
            try (OutputStream out = exchange.getResponseBody()) {
                send(out, "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello\"},\"finish_reason\":null}]}");
                send(out, "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}");
                send(out, "[DONE]");
                // The body's last chunk comes later than [DONE], as it may from a busy server.
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    private static void send(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @AfterEach
    void close() {
        http.close();
        server.stop(0);
    }

    @Test
    void consecutiveAnswersShareOneConnection() throws InterruptedException {
        Deployment d = new Deployment("local", Tier.SMALL, ProviderKind.OPENAI,
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1"), "m", null, null, null, null,
                Duration.ofSeconds(5));
        OpenAiClient client = new OpenAiClient(http);
        for (int i = 0; i < 3; i++) {
            assertThat(client.stream(d, HELLO, e -> { }).text()).isEqualTo("Hello");
            Thread.sleep(500); // the next question a moment later, once the body has ended
        }
        assertThat(clientPorts).as("connections the provider saw").hasSize(1);
    }
}
