package dev.stratus.extension.api;

/**
 * HTTP routes under {@code /api/ext/<extension-id>/}, behind the server's authentication and
 * Origin checks like every route.
 *
 * @since 1.0
 */
public interface HttpRoutes {

    /**
     * Adds a route.
     *
     * @param method {@code GET}, {@code POST}, {@code PUT}, {@code DELETE} or {@code PATCH}
     * @param path the path below the extension's prefix, for example {@code "report"} or
     *     {@code "items/{id}"} ({@code {name}} matches one segment)
     * @param handler answers requests
     * @return the registration
     * @throws IllegalArgumentException for an unknown method, a malformed path or a route that
     *     exists
     * @since 1.0
     */
    Registration route(String method, String path, Handler handler);

    /**
     * Answers a request; runs on a virtual thread, so it may block.
     *
     * @since 1.0
     */
    @FunctionalInterface
    interface Handler {

        /**
         * Answers the request.
         *
         * @param request the request
         * @return the response
         * @throws Exception an {@link ExtensionException} becomes a 4xx/503 with its message;
         *     anything else a 500 with an incident id
         * @since 1.0
         */
        HttpResponse handle(HttpRequest request) throws Exception;
    }
}
