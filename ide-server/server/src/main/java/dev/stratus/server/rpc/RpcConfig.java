package dev.stratus.server.rpc;

import dev.stratus.server.websocket.Liveness;
import java.time.Duration;

/**
 * @param maxMessageBytes largest JSON-RPC message accepted from a browser (default 16 MiB, enough
 *     for an 8 MiB file written as base64); a bigger frame closes that socket with 1009
 * @param maxInFlight requests one connection may have running at once (default 256); more are
 *     answered with RateLimited
 * @param pingEvery how often the server pings each connection (default 20 s): every WebSocket
 *     client answers on its own, and the traffic keeps proxies from closing a quiet connection
 * @param closeAfterSilence a connection from which nothing, not even a pong, has come for this
 *     long is closed as gone (default 60 s), so what it held (a chat answer waiting to be taken
 *     up, say) is let go when its peer went away without a close, as a sleeping laptop's does
 */
public record RpcConfig(int maxMessageBytes, int maxInFlight, Duration pingEvery, Duration closeAfterSilence) {
    public RpcConfig {
        new Liveness.Timing(pingEvery, closeAfterSilence);
    }

    public Liveness.Timing liveness() {
        return new Liveness.Timing(pingEvery, closeAfterSilence);
    }

    public static RpcConfig defaults() {
        return new RpcConfig(16 << 20, 256, Duration.ofSeconds(20), Duration.ofSeconds(60));
    }
}
