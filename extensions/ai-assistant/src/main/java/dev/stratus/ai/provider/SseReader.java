package dev.stratus.ai.provider;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Reads server-sent events from a stream, one at a time, by the rules of {@link SseParser}: an
 * event cut off by the end of the stream is discarded, so a truncated JSON payload is never
 * handed on. The buffers are small: a stream's buffers live as long as it runs and are copied by
 * every young collection meanwhile, and events are a few hundred bytes.
 */
final class SseReader {

    /**
     * One event.
     *
     * @param name the {@code event} field, {@code message} when absent
     * @param data the joined {@code data} lines
     */
    record Event(String name, String data) {
    }

    private final InputStream in;
    private final SseParser parser = new SseParser();
    private final byte[] buffer = new byte[512];
    /** Events a read completed and {@link #next} has not handed out yet. */
    private final ArrayDeque<Event> ready = new ArrayDeque<>();

    SseReader(InputStream in) {
        this.in = in;
    }

    /** The next event, or null at the end of the stream. */
    Event next() throws IOException {
        while (ready.isEmpty()) {
            int n = in.read(buffer, 0, buffer.length);
            if (n < 0) {
                return null;
            }
            parser.feed(ByteBuffer.wrap(buffer, 0, n), ready::add);
        }
        return ready.poll();
    }
}
