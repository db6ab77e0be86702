package dev.stratus.server.terminal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratus.server.websocket.BoundedMessageReader;
import dev.stratus.server.websocket.Liveness;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.StreamSourceFrameChannel;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.xnio.IoUtils;

/**
 * One byte socket attached to a terminal (see docs/protocol.md, "Byte socket"): replays from the
 * requested byte, streams live output within the flow-control window, carries input to the
 * shell and acknowledgements back.
 *
 * <p>Sends may start on the terminal's reader thread or on this socket's I/O thread; both go
 * through {@link #pump()}, which holds this socket's lock so frames leave in order. At most the
 * window's worth of bytes is ever handed to Undertow beyond the client's acknowledgement, so the
 * socket layer never queues more than that.
 *
 * <p>A client that says how many lines it keeps (its scrollback and screen, {@code lines}) is not
 * sent plain output that more than that many lines would push out of its view anyway: while it
 * lags behind a flood of plain text, the socket tells it to skip whole plain lines instead
 * (found by {@link PlainLines}), so it ends in the same state without parsing them. Output with
 * control sequences is always sent whole.
 */
final class TerminalSocket implements PtyTerminal.Viewer {
    /** Largest output frame. Every frame costs a browser far more than its bytes, so frames are big. */
    private static final int MAX_FRAME = 128 * 1024;
    /** Output that leaves without waiting once this much is ready. */
    private static final int GATHERED_ENOUGH = 64 * 1024;
    private static final int MAX_CONTROL_BYTES = 4096;
    /** Plain output is skipped only in stretches at least this long: a skip costs a message and an acknowledgement. */
    private static final int MIN_SKIP = 64 * 1024;
    /**
     * While a flood of plain text goes to a client that skips, output is sent this often: in
     * between it piles up in the ring, so most of it can be skipped rather than parsed.
     */
    private static final long FLOOD_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** A flood counts as paused after this long without output (or the configured gathering time, if longer). */
    private static final long MIN_FLOOD_GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebSocketChannel channel;
    private final PtyTerminal terminal;
    private final TerminalConfig config;
    /** Lines the client keeps (its scrollback and screen); 0: it wants every byte. */
    private final long keepLines;
    /** Skips ({@code {q, p}}) the client has not acknowledged past yet: not counted in the window. */
    private final ArrayDeque<long[]> skips = new ArrayDeque<>();
    private PtyTerminal.Attachment attachment;
    private long next;
    private boolean exitSent;
    /**
     * Output arriving within this time of the previous frame waits up to that long for more, so a
     * flooding program (whose PTY reads are a few KiB each) is sent in frames of tens of KiB; the
     * first output after a pause (an echo, a prompt) leaves at once.
     */
    private final long gatherNanos;
    private long lastSendNanos;
    /** The last send was a full frame or a skip: output is flooding in. */
    private boolean flooding;
    private boolean flushScheduled;
    private boolean closed;

    TerminalSocket(WebSocketChannel channel, PtyTerminal terminal, TerminalConfig config, long keepLines) {
        this.channel = channel;
        this.terminal = terminal;
        this.config = config;
        this.keepLines = keepLines;
        this.gatherNanos = config.outputGather().toNanos();
        this.lastSendNanos = System.nanoTime() - gatherNanos;
    }

    /** Attaches from byte {@code from}: the attached message, then the replay and live output. */
    synchronized void start(long from) {
        channel.addCloseTask(ch -> detach());
        attachment = terminal.attach(this, from);
        if (attachment == null) {
            closed = true;
            closeWith(channel, CloseMessage.NORMAL_CLOSURE, "Terminal closed");
            return;
        }
        next = attachment.start;
        WebSockets.sendText(JSON.createObjectNode().put("type", "attached").put("seq", attachment.start)
                .put("lost", attachment.lost).toString(), channel, null);
        channel.getReceiveSetter().set(Liveness.watch(channel, config.liveness(), "a terminal connection", new AbstractReceiveListener() {
            @Override
            protected void onText(WebSocketChannel ch, StreamSourceFrameChannel message) {
                new BoundedMessageReader(MAX_CONTROL_BYTES, TerminalSocket.this::onControl).handleEvent(message);
            }

            @Override
            protected void onBinary(WebSocketChannel ch, StreamSourceFrameChannel message) {
                new BoundedMessageReader(config.maxInputFrameBytes(), TerminalSocket.this::onInput).handleEvent(message);
            }
        }));
        channel.resumeReceives();
        pump();
    }

    @Override
    public void wake() {
        pump();
    }

    @Override
    public void terminalClosed() {
        synchronized (this) {
            pump(true);
            closed = true;
        }
        closeWith(channel, CloseMessage.NORMAL_CLOSURE, "Terminal closed");
    }

    private void pump() {
        pump(false);
    }

    /**
     * Sends what the window allows, then the exit message once the shell's last byte is out;
     * {@code flush}: without gathering small output first (nothing more will come).
     */
    private synchronized void pump(boolean flush) {
        if (closed || attachment == null || !channel.isOpen()) {
            return;
        }
        boolean skipped = false;
        while (true) {
            long unacked = next - attachment.acked() - skippedUnacked();
            int allowed = (int) Math.max(0, Math.min(MAX_FRAME, config.flowWindowBytes() - unacked));
            long[] skip = keepLines > 0 ? terminal.skippable(next, keepLines, MIN_SKIP) : null;
            if (skip != null && skip[0] == next) {
                WebSockets.sendText(JSON.createObjectNode().put("type", "skip").put("seq", next).put("to", skip[1])
                        .toString(), channel, null);
                skips.add(skip);
                next = skip[1];
                attachment.sent.set(next);
                lastSendNanos = System.nanoTime();
                flooding = true;
                skipped = true;
                continue;
            }
            if (skip != null) {
                allowed = (int) Math.min(allowed, skip[0] - next); // up to the skip, then the skip
            }
            // What follows a skip leaves at once: the client shows the newest lines of the flood.
            if (!flush && !skipped && waitForMore(unacked, allowed)) {
                return;
            }
            PtyTerminal.Output out;
            try {
                out = terminal.read(next, allowed);
            } catch (IllegalArgumentException e) {
                // Cannot happen while the reader respects acknowledgements; never send a gap silently.
                closed = true;
                closeWith(channel, CloseMessage.UNEXPECTED_ERROR, "Output was lost");
                return;
            }
            int n = out.bytes().length;
            if (n > 0) {
                next += n;
                lastSendNanos = System.nanoTime();
                flooding = n >= GATHERED_ENOUGH;
                attachment.sent.set(next);
                attachment.pending.addAndGet(n);
                WebSockets.sendBinary(ByteBuffer.wrap(out.bytes()), channel, new WebSocketCallback<Void>() {
                    @Override
                    public void complete(WebSocketChannel ch, Void context) {
                        attachment.pending.addAndGet(-n);
                    }

                    @Override
                    public void onError(WebSocketChannel ch, Void context, Throwable throwable) {
                        attachment.pending.addAndGet(-n);
                        IoUtils.safeClose(ch);
                    }
                });
            }
            if (out.exitCode() != null) {
                if (!exitSent) {
                    exitSent = true;
                    WebSockets.sendText(JSON.createObjectNode().put("type", "exit").put("code", out.exitCode())
                            .put("seq", next).toString(), channel, null);
                }
                return;
            }
            if (n == 0) {
                return;
            }
        }
    }

    /** Bytes skipped beyond the client's acknowledgement: they never cross the socket. */
    private long skippedUnacked() {
        long acked = attachment.acked();
        while (!skips.isEmpty() && skips.peekFirst()[1] <= acked) {
            skips.removeFirst();
        }
        long sum = 0;
        for (long[] s : skips) {
            sum += s[1] - Math.max(s[0], acked);
        }
        return sum;
    }

    /**
     * True when what could be sent now is small and the previous frame left less than
     * {@link #gatherNanos} ago; then a later pump is scheduled (once) for when that time is up.
     * Small is: little output ready (a flooding program's PTY reads are a few KiB, so waiting
     * gathers them), or a window so nearly full that only part of what is ready fits (waiting
     * lets the acknowledgements in flight widen it: without this, a client that acknowledges
     * piece by piece, slower than the program writes, gets frames the size of each piece, the
     * "silly window" TCP avoids the same way). Never longer than that, so a client that
     * acknowledges only a full window still gets one.
     */
    private boolean waitForMore(long unacked, int allowed) {
        long ready = terminal.available(next);
        if (ready == 0) {
            return false;
        }
        if (keepLines > 0 && flooding && terminal.plainFrom() <= next && ready < config.ringBufferBytes() / 4 * 3) {
            // A flood of plain text: while it goes on, let it pile up, then skip what the client
            // could not show anyway. Once the program pauses, what it printed leaves at once.
            long now = System.nanoTime();
            long since = now - lastSendNanos;
            long quiet = now - terminal.lastOutputNanos();
            long gather = Math.max(gatherNanos, MIN_FLOOD_GATHER_NANOS);
            if (since < FLOOD_INTERVAL_NANOS && quiet < gather) {
                return scheduleAfter(Math.min(FLOOD_INTERVAL_NANOS - since, gather - quiet));
            }
        }
        boolean littleReady = ready < GATHERED_ENOUGH;
        boolean narrowWindow = unacked > 0 && allowed < Math.min(ready, Math.min(GATHERED_ENOUGH, config.flowWindowBytes() / 4));
        long since = System.nanoTime() - lastSendNanos;
        if (!littleReady && !narrowWindow || since >= gatherNanos) {
            return false;
        }
        return scheduleAfter(gatherNanos - since);
    }

    /** Schedules a pump (once) {@code nanos} from now; false when it cannot be, and the caller should send now. */
    private boolean scheduleAfter(long nanos) {
        if (!flushScheduled) {
            try {
                channel.getIoThread().executeAfter(this::scheduledPump, nanos, TimeUnit.NANOSECONDS);
                flushScheduled = true;
            } catch (RejectedExecutionException e) {
                return false; // the I/O thread is stopping: send now rather than never
            }
        }
        return true;
    }

    private void scheduledPump() {
        synchronized (this) {
            flushScheduled = false;
        }
        pump();
    }

    private void onControl(byte[] data) {
        long seq;
        try {
            JsonNode msg = JSON.readTree(data);
            JsonNode s = msg == null ? null : msg.get("seq");
            if (msg == null || !msg.isObject() || !"ack".equals(msg.path("type").asText(null))
                    || s == null || !s.canConvertToLong() || !s.isIntegralNumber()) {
                protocolError("Expected {\"type\":\"ack\",\"seq\":N}");
                return;
            }
            seq = s.asLong();
        } catch (IOException e) {
            protocolError("Control messages are JSON");
            return;
        }
        synchronized (this) {
            if (attachment == null || seq > next) {
                protocolError("Acknowledged bytes that were not sent");
                return;
            }
            terminal.ack(attachment, seq);
        }
        pump();
    }

    private void onInput(byte[] data) {
        if (!terminal.write(data, () -> channel.getIoThread().execute(channel::resumeReceives))) {
            channel.suspendReceives();
        }
    }

    private void protocolError(String reason) {
        synchronized (this) {
            closed = true;
        }
        closeWith(channel, CloseMessage.PROTOCOL_ERROR, reason);
    }

    private void detach() {
        PtyTerminal.Attachment a;
        synchronized (this) {
            closed = true;
            a = attachment;
        }
        if (a != null) {
            terminal.detach(a);
        }
    }

    static void closeWith(WebSocketChannel ws, int code, String reason) {
        BoundedMessageReader.closeWith(ws, code, reason);
    }
}
