package dev.stratus.server.http;

import dev.stratus.protocol.ErrorCodes;
import dev.stratus.server.fs.FileStore;
import dev.stratus.server.fs.FileStores;
import dev.stratus.server.fs.FsException;
import dev.stratus.server.workspace.Workspace;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code GET|PUT /api/workspaces/{id}/files/{path}}: streamed download and upload of files of any
 * size, through the same path guard and atomic writes as the RPC file service. Downloads are
 * always attachments with a sandboxing CSP, so a workspace file can never run as a page of this
 * origin. Uploads honour {@code If-Match: <version>} (412 when stale) and
 * {@code If-None-Match: *} (412 when the file exists).
 */
public final class FileTransferHandler implements HttpHandler {
    private final Function<String, Optional<Workspace>> workspaces;
    private final FileStores stores;
    private final long maxUploadBytes;

    public FileTransferHandler(Function<String, Optional<Workspace>> workspaces, FileStores stores, long maxUploadBytes) {
        this.workspaces = workspaces;
        this.stores = stores;
        this.maxUploadBytes = maxUploadBytes;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.isInIoThread()) {
            exchange.dispatch(this);
            return;
        }
        // The raw URI, decoded here exactly once: the guard sees what the client meant,
        // including any encoded traversal, which it refuses.
        String raw = exchange.getRequestURI();
        String prefix = "/api/workspaces/";
        int filesAt = raw.indexOf("/files/", prefix.length());
        if (!raw.startsWith(prefix) || filesAt < 0) {
            Json.error(exchange, StatusCodes.NOT_FOUND, "NotFound", "No such route");
            return;
        }
        String id = decode(raw.substring(prefix.length(), filesAt));
        Optional<Workspace> ws = id == null ? Optional.empty() : workspaces.apply(id);
        String path = decode(raw.substring(filesAt + "/files/".length()));
        if (ws.isEmpty() || path == null) {
            Json.error(exchange, ws.isEmpty() ? StatusCodes.NOT_FOUND : StatusCodes.BAD_REQUEST,
                    ws.isEmpty() ? "NotFound" : "BadRequest", ws.isEmpty() ? "No such workspace" : "Malformed path");
            return;
        }
        FileStore store = stores.store(ws.get());
        try {
            if (exchange.getRequestMethod().equals(Methods.GET) || exchange.getRequestMethod().equals(Methods.HEAD)) {
                download(exchange, store, path);
            } else if (exchange.getRequestMethod().equals(Methods.PUT)) {
                upload(exchange, store, path);
            } else {
                exchange.getResponseHeaders().put(Headers.ALLOW, "GET, HEAD, PUT");
                Json.error(exchange, StatusCodes.METHOD_NOT_ALLOWED, "MethodNotAllowed", "Use GET or PUT");
            }
        } catch (FsException e) {
            sendError(exchange, e);
        } catch (java.io.UncheckedIOException e) {
            if (!(e.getCause() instanceof io.undertow.server.RequestTooBigException)) {
                throw e;
            }
            Json.error(exchange, StatusCodes.REQUEST_ENTITY_TOO_LARGE, "TooLarge", "Upload is larger than " + maxUploadBytes + " bytes");
        }
    }

    private static void download(HttpServerExchange exchange, FileStore store, String path) throws IOException {
        FileStore.Opened opened = store.openRead(path);
        try (InputStream in = opened.stream()) {
            String name = path.substring(path.lastIndexOf('/') + 1);
            var h = exchange.getResponseHeaders();
            h.put(Headers.CONTENT_TYPE, "application/octet-stream");
            h.put(Headers.CONTENT_LENGTH, opened.stat().size());
            h.put(Headers.ETAG, "\"" + opened.stat().version() + "\"");
            h.put(Headers.CONTENT_DISPOSITION, "attachment; filename*=UTF-8''"
                    + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"));
            h.put(HttpString.tryFromString("Content-Security-Policy"), "sandbox; default-src 'none'");
            h.put(Headers.CACHE_CONTROL, "no-store");
            if (exchange.getRequestMethod().equals(Methods.HEAD)) {
                exchange.endExchange();
                return;
            }
            exchange.startBlocking();
            try (OutputStream out = exchange.getOutputStream()) {
                in.transferTo(out);
            }
        }
    }

    private void upload(HttpServerExchange exchange, FileStore store, String path) throws IOException {
        long length = exchange.getRequestContentLength();
        if (length > maxUploadBytes) {
            Json.error(exchange, StatusCodes.REQUEST_ENTITY_TOO_LARGE, "TooLarge", "Upload is larger than " + maxUploadBytes + " bytes");
            return;
        }
        String ifMatch = unquote(exchange.getRequestHeaders().getFirst(Headers.IF_MATCH));
        boolean overwrite = !"*".equals(exchange.getRequestHeaders().getFirst(Headers.IF_NONE_MATCH));
        exchange.setMaxEntitySize(maxUploadBytes);
        exchange.startBlocking();
        String version;
        try (InputStream in = exchange.getInputStream()) {
            version = store.write(path, in, maxUploadBytes, new FileStore.WriteOptions(ifMatch, true, overwrite));
        }
        exchange.getResponseHeaders().put(Headers.ETAG, "\"" + version + "\"");
        Json.send(exchange, StatusCodes.OK, Map.of("version", version));
    }

    private static void sendError(HttpServerExchange exchange, FsException e) {
        int status = switch (e.reason()) {
            case NOT_FOUND -> StatusCodes.NOT_FOUND;
            case ALREADY_EXISTS, CONFLICT -> StatusCodes.PRECONDITION_FAILED;
            case OUTSIDE_WORKSPACE, PERMISSION_DENIED -> StatusCodes.FORBIDDEN;
            case TOO_LARGE -> StatusCodes.REQUEST_ENTITY_TOO_LARGE;
            case NOT_A_DIRECTORY, IS_A_DIRECTORY -> StatusCodes.CONFLICT;
            case UNAVAILABLE -> StatusCodes.SERVICE_UNAVAILABLE;
            case RATE_LIMITED -> StatusCodes.TOO_MANY_REQUESTS;
            case INVALID_PARAMS, CANCELLED -> StatusCodes.BAD_REQUEST;
        };
        int code = e.reason().code();
        String name = ErrorCodes.name(code);
        Json.send(exchange, status, Map.of("error", name == null ? "InvalidParams" : name, "code", code, "message", e.getMessage()));
    }

    private static String unquote(String etag) {
        if (etag == null) {
            return null;
        }
        String t = etag.trim();
        if (t.startsWith("W/")) {
            t = t.substring(2);
        }
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
    }

    /** Percent-decodes a URI part ('+' stays '+'); null if the encoding is malformed. */
    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
