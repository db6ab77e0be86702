package dev.stratus.server.rpc;

import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;

/**
 * Pings one connection at an interval and closes it once nothing has come from its peer for too
 * long. A peer that went away without a close (a laptop asleep, a network gone, a proxy that
 * dropped the connection) leaves a socket the server would otherwise hold for as long as TCP
 * takes to notice, which may be hours. Every WebSocket client answers a ping by itself, so a
 * live one, busy or idle, is never closed.
 */
final class Liveness {
    private static final Logger LOG = LoggerFactory.getLogger(Liveness.class);

    private final WebSocketChannel channel;
    private final Duration silence;
    private final XnioExecutor.Key pinger;
    private volatile long lastHeard = System.nanoTime();

    Liveness(WebSocketChannel channel, RpcConfig config) {
        this.channel = channel;
        this.silence = config.closeAfterSilence();
        long every = config.pingEvery().toMillis();
        this.pinger = channel.getIoThread().executeAtInterval(this::check, every, TimeUnit.MILLISECONDS);
    }

    /** Something came from the peer: a message, a ping or a pong. */
    void heard() {
        lastHeard = System.nanoTime();
    }

    void stop() {
        pinger.remove();
    }

    private void check() {
        if (!channel.isOpen()) {
            stop();
        } else if (System.nanoTime() - lastHeard > silence.toNanos()) {
            LOG.info("Closing a workspace connection from {}: nothing came from it for {} s",
                    channel.getSourceAddress(), silence.toMillis() / 1000.0);
            stop();
            IoUtils.safeClose(channel);
        } else {
            WebSockets.sendPing(ByteBuffer.allocate(0), channel, null);
        }
    }
}
