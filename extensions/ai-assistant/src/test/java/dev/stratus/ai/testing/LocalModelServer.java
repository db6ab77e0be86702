package dev.stratus.ai.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A model server's GET answers scripted on a free loopback port: each path's status, type and
 * body, 404 with an HTML page for any other; records every request as {@code METHOD path}.
 */
public final class LocalModelServer implements AutoCloseable {
    /** One scripted answer. */
    public record Reply(int status, String contentType, String body) {
        public static Reply json(String body) {
            return new Reply(200, "application/json", body);
        }
    }

    private final HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private LocalModelServer(Map<String, Reply> replies, long delayMillis) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            exchange.getRequestBody().readAllBytes();
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Reply reply = replies.getOrDefault(exchange.getRequestURI().getPath(),
                    new Reply(404, "text/html", "<!doctype html><html><body><h1>Not Found</h1></body></html>"));
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", reply.contentType());
            exchange.sendResponseHeaders(reply.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** A server answering {@code replies} by path. */
    public static LocalModelServer start(Map<String, Reply> replies) throws IOException {
        return new LocalModelServer(replies, 0);
    }

    /** A server answering {@code replies} by path, each after {@code delayMillis}, as a busy one does. */
    public static LocalModelServer slow(Map<String, Reply> replies, long delayMillis) throws IOException {
        return new LocalModelServer(replies, delayMillis);
    }

    /** Its address as the detector takes it: {@code http://127.0.0.1:PORT}. */
    public URI root() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
