package dev.stratus.server.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.resource.PathResourceManager;
import io.undertow.server.handlers.resource.ResourceHandler;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Serves the built browser IDE. Vite names bundles by content hash under {@code /assets/}, so
 * those are cached for a year; HTML is revalidated on every load. {@code /login} is the login page.
 */
public final class StaticFilesHandler implements HttpHandler {
    private final ResourceHandler resources;
    private final boolean present;

    public StaticFilesHandler(Path webRoot) {
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
        resources.handleRequest(exchange);
    }
}
