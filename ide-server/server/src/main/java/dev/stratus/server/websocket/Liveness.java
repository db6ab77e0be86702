package dev.stratus.server.websocket;

import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;

/**
 * Pings one WebSocket at an interval and closes it once nothing has come from its peer for too
 * long. A peer that went away without a close (a laptop asleep, a network gone, a proxy that
 * dropped the connection) leaves a socket the server would otherwise hold for as long as TCP
 * takes to notice, which may be hours. Every WebSocket client answers a ping by itself, so a
 * live one, busy or idle, is never closed; and the pings keep proxies from closing quiet ones.
 */
public final class Liveness {
    private static final Logger LOG = LoggerFactory.getLogger(Liveness.class);

    /**
     * @param pingEvery how often the socket is pinged (default 20 s)
     * @param closeAfterSilence a socket from which nothing, not even a pong, has come for this long
     *     is closed as gone (default 60 s)
     */
    public record Timing(Duration pingEvery, Duration closeAfterSilence) {
        public Timing {
            if (!pingEvery.isPositive() || closeAfterSilence.compareTo(pingEvery) <= 0) {
                throw new IllegalArgumentException("pings must come more often than the silence that closes a connection");
            }
        }

        public static Timing defaults() {
            return new Timing(Duration.ofSeconds(20), Duration.ofSeconds(60));
        }
    }

    private final WebSocketChannel channel;
    private final Duration silence;
    private final String what;
    private final XnioExecutor.Key pinger;
    private volatile long lastHeard = System.nanoTime();

    private Liveness(WebSocketChannel channel, Timing timing, String what) {
        this.channel = channel;
        this.silence = timing.closeAfterSilence();
        this.what = what;
        long every = timing.pingEvery().toMillis();
        this.pinger = channel.getIoThread().executeAtInterval(this::check, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Watches {@code channel} from now until it closes, and returns {@code receiver} (what reads
     * its frames) wrapped so that everything that comes from the peer, a message, a ping or a
     * pong, counts as a sign of life: set that as the channel's receive listener. {@code what}
     * names the connection in the log ("a terminal connection").
     */
    public static ChannelListener<WebSocketChannel> watch(WebSocketChannel channel, Timing timing, String what,
                                                          ChannelListener<? super WebSocketChannel> receiver) {
        Liveness liveness = new Liveness(channel, timing, what);
        channel.addCloseTask(ch -> liveness.stop());
        return ch -> {
            liveness.lastHeard = System.nanoTime();
            receiver.handleEvent(ch);
        };
    }

    private void stop() {
        pinger.remove();
    }

    private void check() {
        if (!channel.isOpen()) {
            stop();
            return;
        }
        if (!channel.isReceivesResumed()) {
            // Not reading (a terminal whose program does not take its input yet): a pong would
            // not be seen, so silence says nothing now.
            lastHeard = System.nanoTime();
        }
        if (System.nanoTime() - lastHeard > silence.toNanos()) {
            LOG.info("Closing {} from {}: nothing came from it for {} s", what, channel.getSourceAddress(), silence.toMillis() / 1000.0);
            stop();
            IoUtils.safeClose(channel);
        } else {
            WebSockets.sendPing(ByteBuffer.allocate(0), channel, null);
        }
    }
}
