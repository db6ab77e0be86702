package dev.stratus.server.git;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real smart-HTTP git for tests: C git's {@code git http-backend} CGI behind the JDK's HTTP
 * server on loopback, with HTTP Basic authentication. Every repository under {@code projectRoot}
 * is served at {@code /<name>}; pushes are allowed for the authenticated user.
 */
final class GitHttpServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Path projectRoot;
    private final String username;
    private final String password;
    final AtomicInteger unauthorized = new AtomicInteger();

    GitHttpServer(Path projectRoot, String username, String password) throws IOException {
        this.projectRoot = projectRoot;
        this.username = username;
        this.password = password;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** {@code http://127.0.0.1:port/<name>} */
    String url(String name) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!authorized(ex.getRequestHeaders().getFirst("Authorization"))) {
                unauthorized.incrementAndGet();
                ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
                ex.sendResponseHeaders(401, -1);
                return;
            }
            cgi(ex);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean authorized(String header) {
        if (header == null || !header.startsWith("Basic ")) {
            return false;
        }
        String decoded = new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
        return decoded.equals(username + ":" + password);
    }

    private void cgi(HttpExchange ex) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("git", "http-backend");
        Map<String, String> env = pb.environment();
        env.put("GIT_PROJECT_ROOT", projectRoot.toString());
        env.put("GIT_HTTP_EXPORT_ALL", "1");
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("HOME", projectRoot.toString());
        env.put("REMOTE_USER", username);
        env.put("REMOTE_ADDR", "127.0.0.1");
        env.put("REQUEST_METHOD", ex.getRequestMethod());
        env.put("PATH_INFO", ex.getRequestURI().getPath());
        env.put("QUERY_STRING", ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery());
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        env.put("CONTENT_TYPE", type == null ? "" : type);
        String encoding = ex.getRequestHeaders().getFirst("Content-Encoding");
        if (encoding != null) {
            env.put("HTTP_CONTENT_ENCODING", encoding);
        }
        String protocol = ex.getRequestHeaders().getFirst("Git-Protocol");
        if (protocol != null) {
            env.put("GIT_PROTOCOL", protocol);
        }
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        Thread feeder = Thread.ofVirtual().start(() -> {
            try (OutputStream stdin = p.getOutputStream(); InputStream body = ex.getRequestBody()) {
                body.transferTo(stdin);
            } catch (IOException ignored) {
                // the backend stopped reading: it has answered already
            }
        });
        InputStream out = p.getInputStream();
        int status = 200;
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int c = out.read();
            if (c < 0) {
                break;
            }
            if (c != '\n') {
                line.write(c);
                continue;
            }
            String header = line.toString(StandardCharsets.ISO_8859_1).replace("\r", "");
            line.reset();
            if (header.isEmpty()) {
                break;
            }
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).trim();
            String value = header.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Status")) {
                status = Integer.parseInt(value.substring(0, 3));
            } else {
                ex.getResponseHeaders().add(name, value);
            }
        }
        ex.sendResponseHeaders(status, 0);
        try (OutputStream body = ex.getResponseBody()) {
            out.transferTo(body);
        }
        p.waitFor();
        feeder.join();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
