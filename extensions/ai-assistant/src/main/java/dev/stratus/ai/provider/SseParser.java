package dev.stratus.ai.provider;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Splits server-sent events out of bytes as they arrive, as the HTML spec defines them:
 * {@code field: value} lines, events ended by a blank line, several {@code data} lines joined
 * with {@code \n}, {@code :} comments ignored, any line ending (a CR at the end of one buffer and
 * a LF at the start of the next are one ending). What an event has so far is kept between
 * buffers; an event the stream's end cuts off is never handed on. Lines are split on the bytes
 * and each is decoded whole as UTF-8 (malformed bytes become U+FFFD), so a character split
 * across buffers is whole. Not thread-safe: one stream's buffers are fed one after another.
 */
final class SseParser {
    /** A line split across buffers, gathered here. */
    private byte[] gathered = new byte[256];
    private int length;
    /** The last line ended with CR: a LF right after it belongs to that ending. */
    private boolean skipLf;
    private String name;
    private StringBuilder data;

    /** Splits {@code bytes} (consumed) into lines and hands each event they complete to {@code events}. */
    void feed(ByteBuffer bytes, Consumer<SseReader.Event> events) {
        if (bytes.hasArray()) {
            int from = bytes.arrayOffset() + bytes.position();
            int to = bytes.arrayOffset() + bytes.limit();
            bytes.position(bytes.limit());
            feed(bytes.array(), from, to, events);
        } else {
            byte[] copy = new byte[bytes.remaining()];
            bytes.get(copy);
            feed(copy, 0, copy.length, events);
        }
    }

    private void feed(byte[] b, int pos, int limit, Consumer<SseReader.Event> events) {
        while (pos < limit) {
            if (skipLf) {
                skipLf = false;
                if (b[pos] == '\n') {
                    pos++;
                    continue;
                }
            }
            int start = pos;
            while (pos < limit && b[pos] != '\n' && b[pos] != '\r') {
                pos++;
            }
            if (pos == limit) {
                append(b, start, pos - start);
                return;
            }
            skipLf = b[pos] == '\r';
            pos++;
            String line;
            if (length == 0) {
                line = new String(b, start, pos - 1 - start, StandardCharsets.UTF_8);
            } else {
                append(b, start, pos - 1 - start);
                line = new String(gathered, 0, length, StandardCharsets.UTF_8);
                length = 0;
            }
            line(line, events);
        }
    }

    private void line(String line, Consumer<SseReader.Event> events) {
        if (line.isEmpty()) {
            StringBuilder complete = data;
            String event = name;
            name = null;
            data = null;
            if (complete != null) {
                events.accept(new SseReader.Event(event == null ? "message" : event, complete.toString()));
            }
            return;
        }
        if (line.charAt(0) == ':') {
            return;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        if (field.equals("data")) {
            data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
        } else if (field.equals("event")) {
            name = value;
        }
    }

    private void append(byte[] b, int from, int count) {
        if (length + count > gathered.length) {
            gathered = Arrays.copyOf(gathered, Math.max(gathered.length * 2, length + count));
        }
        System.arraycopy(b, from, gathered, length, count);
        length += count;
    }
}
