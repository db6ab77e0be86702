package dev.stratus.extension.api;

import java.nio.charset.StandardCharsets;

/**
 * A response to an HTTP request.
 *
 * @param status the status code (100-599)
 * @param contentType the {@code Content-Type}
 * @param body the body
 * @since 1.0
 */
public record HttpResponse(int status, String contentType, byte[] body) {

    /**
     * Checks the components.
     *
     * @since 1.0
     */
    public HttpResponse {
        if (status < 100 || status > 599 || contentType == null || body == null) {
            throw new IllegalArgumentException("status 100-599, contentType and body are required");
        }
    }

    /**
     * 200 with a JSON body.
     *
     * @param json JSON text
     * @return the response
     * @since 1.0
     */
    public static HttpResponse json(String json) {
        return new HttpResponse(200, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * 200 with a plain-text body.
     *
     * @param text the text
     * @return the response
     * @since 1.0
     */
    public static HttpResponse text(String text) {
        return new HttpResponse(200, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }
}
