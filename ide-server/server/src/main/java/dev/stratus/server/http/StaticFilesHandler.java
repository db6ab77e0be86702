package dev.stratus.server.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.resource.PathResourceManager;
import io.undertow.server.handlers.resource.ResourceHandler;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import io.undertow.util.Methods;
import io.undertow.util.MimeMappings;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Serves the built browser IDE. Vite names bundles by content hash under {@code /assets/}, so
 * those are cached for a year; HTML is revalidated on every load. {@code /login} is the login page.
 * Hashed text assets go gzip-compressed to clients that accept it ({@link GzipAssets}).
 */
public final class StaticFilesHandler implements HttpHandler {
    private final ResourceHandler resources;
    private final boolean present;
    private final Path webRoot;
    private final GzipAssets gzip;

    public StaticFilesHandler(Path webRoot, Path compressedCache) {
        this.webRoot = webRoot.toAbsolutePath().normalize();
        this.gzip = new GzipAssets(this.webRoot, compressedCache);
        this.present = Files.isRegularFile(webRoot.resolve("index.html"));
        this.resources = new ResourceHandler(PathResourceManager.builder().setBase(webRoot).setFollowLinks(false).build())
                .setWelcomeFiles("index.html")
                .setDirectoryListingEnabled(false);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (!present) {
            exchange.setStatusCode(StatusCodes.SERVICE_UNAVAILABLE);
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
            exchange.getResponseSender().send("The browser IDE is not built. Run ./stratus serve, which builds it.");
            return;
        }
        String path = exchange.getRelativePath();
        if (path.equals("/login")) {
            exchange.setRelativePath("/login.html");
        }
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL,
                path.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache");
        if (path.startsWith("/assets/") && acceptsGzip(exchange) && sendCompressed(exchange, path)) {
            return;
        }
        resources.handleRequest(exchange);
    }

    private boolean sendCompressed(HttpServerExchange exchange, String path) throws IOException {
        Path file = webRoot.resolve(path.substring(1)).normalize();
        if (!file.startsWith(webRoot.resolve("assets"))) {
            return false;
        }
        if (exchange.isInIoThread()) {
            exchange.dispatch(this);
            return true;
        }
        Path gz = gzip.compressed(file);
        if (gz == null) {
            return false;
        }
        var h = exchange.getResponseHeaders();
        h.put(Headers.CONTENT_TYPE, contentType(file.getFileName().toString()));
        h.put(Headers.CONTENT_ENCODING, "gzip");
        h.put(Headers.VARY, "Accept-Encoding");
        h.put(Headers.CONTENT_LENGTH, Files.size(gz));
        if (exchange.getRequestMethod().equals(Methods.HEAD)) {
            exchange.endExchange();
            return true;
        }
        exchange.startBlocking();
        try (OutputStream out = exchange.getOutputStream()) {
            Files.copy(gz, out);
        }
        return true;
    }

    private static boolean acceptsGzip(HttpServerExchange exchange) {
        String accept = exchange.getRequestHeaders().getFirst(Headers.ACCEPT_ENCODING);
        return accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("gzip");
    }

    private static String contentType(String name) {
        String type = MimeMappings.DEFAULT.getMimeType(name.substring(name.lastIndexOf('.') + 1));
        if (name.endsWith(".js") || name.endsWith(".mjs")) {
            return "text/javascript; charset=utf-8";
        }
        return type == null ? "application/octet-stream" : type;
    }
}
