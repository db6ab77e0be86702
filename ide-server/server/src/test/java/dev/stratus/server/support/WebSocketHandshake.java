package dev.stratus.server.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** The HTTP status with which a server refuses a WebSocket upgrade. */
public final class WebSocketHandshake {
    private WebSocketHandshake() {
    }

    /** The refusal's status code; an AssertionError if the upgrade succeeds. */
    public static int refusedWith(URI uri, Map<String, String> headers) {
        WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(b::header);
        try {
            WebSocket ws = b.buildAsync(uri, new WebSocket.Listener() { }).get(10, TimeUnit.SECONDS);
            ws.abort();
            throw new AssertionError("the upgrade to " + uri + " succeeded");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                return h.getResponse().statusCode();
            }
            throw new AssertionError("the upgrade to " + uri + " failed without an HTTP answer", e);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
