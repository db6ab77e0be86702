package dev.stratus.server.extension;

import dev.stratus.extension.api.Caller;
import dev.stratus.extension.api.HttpRequest;
import dev.stratus.extension.api.HttpResponse;
import dev.stratus.extension.api.WorkspaceAccess;
import dev.stratus.protocol.ProtocolError;
import dev.stratus.protocol.ProtocolException;
import dev.stratus.server.auth.Principal;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpContinue;
import io.undertow.util.Headers;
import io.undertow.util.PathTemplateMatch;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/ext/{id}/*}: extensions' HTTP routes, and {@code GET /api/extensions/{id}/frontend/*}:
 * their browser files. Authentication and Origin checks happen before, in the handler chain; here
 * the route is found, the extension activated, and the handler run within the call time limit.
 */
public final class ExtensionHttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ExtensionHttpHandler.class);
    private static final int MAX_BODY = 1 << 20;
    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript; charset=utf-8", "mjs", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8",
            "json", "application/json", "svg", "image/svg+xml", "png", "image/png", "html", "text/html; charset=utf-8",
            "map", "application/json", "woff2", "font/woff2");

    private final ExtensionHost host;
    private final Function<HttpServerExchange, Principal> principalOf;
    private final Errors errors;
    /**
     * Extension routes run on virtual threads, not Undertow's small worker pool: a route may
     * block for a whole stream (server-sent events from a model), and a few dozen such streams
     * must not queue every other request behind them.
     */
    private final java.util.concurrent.Executor threads = java.util.concurrent.Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("extension-route-", 0).factory());

    public ExtensionHttpHandler(ExtensionHost host, Function<HttpServerExchange, Principal> principalOf, Errors errors) {
        this.host = host;
        this.principalOf = principalOf;
        this.errors = errors;
    }

    /** {@code /api/ext/{id}/*} */
    public HttpHandler routes() {
        return this::route;
    }

    /** {@code GET /api/extensions/{id}/frontend/*} */
    public HttpHandler frontend() {
        return this::frontendFile;
    }

    /**
     * The extension owning the HTTP alias that is the first segment of the request's path
     * ({@code /v1/chat/completions} → the extension aliased {@code v1}), if any: for the
     * fallback of the server's routing.
     */
    public Optional<HttpHandler> aliased(HttpServerExchange ex) {
        String rel = ex.getRelativePath();
        int slash = rel.indexOf('/', 1);
        return aliasOwner(rel).map(id -> exchange -> {
            if (!Thread.currentThread().isVirtual()) {
                exchange.dispatch(threads, e -> route(e, id, segments(slash < 0 ? "" : rel.substring(slash + 1))));
                return;
            }
            route(exchange, id, segments(slash < 0 ? "" : rel.substring(slash + 1)));
        });
    }

    /** Whether the request's path lies under an extension's HTTP alias. */
    public boolean underAlias(HttpServerExchange ex) {
        return aliasOwner(ex.getRelativePath()).isPresent();
    }

    /**
     * The extension whose HTTP alias is the path's first segment. Asked of every request (to mark
     * those under an alias before anything may refuse them): the server's own roots ({@code /api},
     * {@code /assets}, files such as {@code /index.html}) are told apart without asking the host.
     */
    private Optional<String> aliasOwner(String rel) {
        if (rel.length() < 2 || rel.charAt(0) != '/') {
            return Optional.empty();
        }
        int slash = rel.indexOf('/', 1);
        String first = slash < 0 ? rel.substring(1) : rel.substring(1, slash);
        return ExtensionManifest.couldBeAlias(first) ? host.extensionForHttpAlias(first) : Optional.empty();
    }

    private void route(HttpServerExchange ex) throws Exception {
        if (!Thread.currentThread().isVirtual()) {
            ex.dispatch(threads, this::route);
            return;
        }
        route(ex, param(ex, "id"), segments(param(ex, "*")));
    }

    private void route(HttpServerExchange ex, String id, List<String> path) throws Exception {
        Optional<HostedExtension> found = host.find(id);
        if (found.isEmpty()) {
            error(ex, 404, "not_found", "No extension " + id);
            return;
        }
        HostedExtension ext;
        try {
            ext = host.active(id);
        } catch (ProtocolException e) {
            error(ex, 503, "unavailable", e.getMessage());
            return;
        }
        String method = ex.getRequestMethod().toString();
        var match = host.routes.find(id, method, path);
        if (match.isEmpty()) {
            var allowed = host.routes.methods(id, path);
            if (!allowed.isEmpty()) {
                ex.getResponseHeaders().put(Headers.ALLOW, String.join(", ", allowed));
                error(ex, 405, "method_not_allowed", "Method not allowed; this route takes " + String.join(", ", allowed));
            } else {
                error(ex, 404, "not_found", "No such route");
            }
            return;
        }
        String encoding = ex.getRequestHeaders().getFirst(Headers.CONTENT_ENCODING);
        if (encoding != null && !encoding.isBlank() && !encoding.strip().equalsIgnoreCase("identity")) {
            // The body would reach the route as compressed bytes, which no handler expects.
            error(ex, 415, "unsupported_media_type", "A body with Content-Encoding is not accepted; send it uncompressed");
            return;
        }
        ex.startBlocking();
        long declared = ex.getRequestContentLength();
        if (declared > MAX_BODY) {
            error(ex, 413, "too_large", "The body is larger than 1 MiB");
            return;
        }
        if (HttpContinue.requiresContinueResponse(ex)) {
            // A client that asks before sending its body would wait (curl a second) for a go-ahead Undertow does not send.
            HttpContinue.sendContinueResponseBlocking(ex);
        }
        byte[] body;
        try (InputStream in = ex.getInputStream()) {
            // A declared length is read into an array of its size, not into 16 KiB buffers first.
            body = in.readNBytes(declared >= 0 ? (int) declared : MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            error(ex, 413, "too_large", "The body is larger than 1 MiB");
            return;
        }
        Principal principal = principalOf.apply(ex);
        Caller caller = new Caller(principal.userId(), principal.name(), Optional.empty());
        HttpRequest request = request(ex, ext, caller, method, String.join("/", path), match.get().parameters(), body);
        HttpResponse response;
        try {
            response = host.invoke(ext, method + " " + String.join("/", path), () -> match.get().route().handler().handle(request));
        } catch (ProtocolException e) {
            error(ex, status(e.reason()), e.reason().name().toLowerCase(java.util.Locale.ROOT), e.getMessage());
            return;
        } catch (IllegalStateException e) {
            String incident = UUID.randomUUID().toString().substring(0, 8);
            LOG.error("Internal error {} in an extension route", incident, e);
            error(ex, 500, "internal", "Internal error (incident " + incident + ")");
            return;
        }
        if (response == null) {
            error(ex, 500, "internal", "Extension " + id + " returned no response");
            return;
        }
        if (response.writer() != null) {
            head(ex, response);
            stream(ex, id, response.writer());
            return;
        }
        respond(ex, response);
    }

    /** Sends a response whose body is in memory: its head, then its body, which ends it. */
    static void respond(HttpServerExchange ex, HttpResponse response) {
        head(ex, response);
        ex.getResponseSender().send(ByteBuffer.wrap(response.body()));
    }

    private static void head(HttpServerExchange ex, HttpResponse response) {
        ex.setStatusCode(response.status());
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, response.contentType());
        ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        // Only the headers the API lets an extension set (checked when the response was made).
        response.headers().forEach((name, value) -> ex.getResponseHeaders().put(io.undertow.util.HttpString.tryFromString(name), value));
    }

    /**
     * A streamed body (server-sent events): written on this virtual thread, each flush sent at
     * once, or sent from any thread without blocking it ({@link StreamedBody}). The response ends
     * when the writer closes the body or returns. A writer that fails before that has the
     * connection dropped instead, so that the client sees a cut stream, not an ending that would
     * pass what it received for the whole body; one that fails before sending anything gets a 500
     * with an incident id, as a handler that throws does.
     */
    private void stream(HttpServerExchange ex, String id, HttpResponse.BodyWriter writer) {
        StreamedBody out = new StreamedBody(ex);
        try {
            writer.write(out);
            out.close();
        } catch (IOException e) {
            LOG.debug("A streamed response of {} ended early: {}", id, e.getMessage());
            out.cut();
        } catch (RuntimeException e) {
            String incident = UUID.randomUUID().toString().substring(0, 8);
            LOG.error("Internal error {} in a streamed response of {}", incident, id, e);
            // Nothing sent yet: a 500, as a handler that throws gets; else a cut body, never one that looks whole.
            if (out.takeOver()) {
                error(ex, 500, "internal", "Internal error (incident " + incident + ")");
            } else {
                out.cut();
            }
        }
    }

    private HttpRequest request(HttpServerExchange ex, HostedExtension ext, Caller caller, String method, String path,
                                Map<String, String> params, byte[] body) {
        Map<String, Deque<String>> query = ex.getQueryParameters();
        Map<String, String> headers = new java.util.HashMap<>();
        ex.getRequestHeaders().forEach(h -> headers.put(h.getHeaderName().toString().toLowerCase(java.util.Locale.ROOT), h.getFirst()));
        return new HttpRequest() {
            @Override
            public Caller caller() {
                return caller;
            }

            @Override
            public String method() {
                return method;
            }

            @Override
            public String path() {
                return path;
            }

            @Override
            public Map<String, String> pathParameters() {
                return Map.copyOf(params);
            }

            @Override
            public Optional<String> query(String name) {
                Deque<String> v = query.get(name);
                return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.getFirst());
            }

            @Override
            public Optional<String> header(String name) {
                return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
            }

            @Override
            public byte[] body() {
                return body.clone();
            }

            @Override
            public WorkspaceAccess workspace(String workspaceId) {
                return HostWorkspaceAccess.open(host.workspaces, ext.manifest().permissions(), caller, workspaceId);
            }
        };
    }

    private void frontendFile(HttpServerExchange ex) throws Exception {
        if (!Thread.currentThread().isVirtual()) {
            ex.dispatch(threads, this::frontendFile);
            return;
        }
        String id = param(ex, "id");
        String path = String.join("/", segments(param(ex, "*")));
        Optional<HostedExtension> found = host.find(id);
        if (found.isEmpty() || found.get().jar == null || found.get().state == HostedExtension.State.FAILED) {
            error(ex, 404, "not_found", "No extension " + id);
            return;
        }
        Optional<byte[]> bytes;
        try {
            bytes = found.get().jar.frontendFile(path);
        } catch (IOException e) {
            error(ex, 404, "not_found", "No such file");
            return;
        }
        if (bytes.isEmpty()) {
            error(ex, 404, "not_found", "No such file");
            return;
        }
        String ext = path.substring(path.lastIndexOf('.') + 1);
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, TYPES.getOrDefault(ext, "application/octet-stream"));
        // Revalidated on every load: a replaced extension must not run its old module.
        ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache");
        ex.getResponseSender().send(ByteBuffer.wrap(bytes.get()));
    }

    private static String param(HttpServerExchange ex, String name) {
        PathTemplateMatch match = ex.getAttachment(PathTemplateMatch.ATTACHMENT_KEY);
        String v = match == null ? null : match.getParameters().get(name);
        return v == null ? "" : v;
    }

    private static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                out.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static int status(ProtocolError e) {
        return switch (e) {
            case NOT_FOUND -> 404;
            case ALREADY_EXISTS, CONFLICT -> 409;
            case PERMISSION_DENIED -> 403;
            case INVALID_PARAMS, OUTSIDE_WORKSPACE -> 400;
            case TOO_LARGE -> 413;
            case RATE_LIMITED -> 429;
            default -> 503;
        };
    }

    private void error(HttpServerExchange ex, int status, String code, String message) {
        errors.send(ex, status, code, message);
    }

    /** Writes the server's JSON errors, in the shape the request's clients read (OpenAI's under an alias). */
    @FunctionalInterface
    public interface Errors {
        void send(HttpServerExchange ex, int status, String code, String message);
    }
}
