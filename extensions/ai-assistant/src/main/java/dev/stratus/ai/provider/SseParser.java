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
 *
 * <p>One field the spec would ignore is kept: llama.cpp's server (builds before its streamed
 * errors became {@code data: {"error": ...}} chunks) reports a failure after the 200 as an
 * {@code error: {...}} line of its own. Such a line is read as a data line of an event named
 * {@code error}, so the failure is seen rather than read as a stream that just stopped.
 */
final class SseParser {
    private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ERROR = "error".getBytes(StandardCharsets.US_ASCII);
    /** A line split across buffers, gathered here. */
    private byte[] gathered = new byte[256];
    private int length;
    /** The last line ended with CR: a LF right after it belongs to that ending. */
    private boolean skipLf;
    private String name;
    /** The event's data while it has one line; {@link #data} once it has more. */
    private String firstData;
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
            if (length == 0) {
                line(b, start, pos - 1, events);
            } else {
                append(b, start, pos - 1 - start);
                int end = length;
                length = 0; // line() reads the gathered bytes before anything is gathered again
                line(gathered, 0, end, events);
            }
        }
    }

    /**
     * One line, {@code b[from, to)}, without its ending. The field name is matched on the bytes
     * and only the value is decoded: ':' and ' ' are single bytes in UTF-8, so no character is
     * split where the value begins.
     */
    private void line(byte[] b, int from, int to, Consumer<SseReader.Event> events) {
        if (from == to) {
            String event = name;
            String complete = data != null ? data.toString() : firstData;
            name = null;
            data = null;
            firstData = null;
            if (complete != null) {
                events.accept(new SseReader.Event(event == null ? "message" : event, complete));
            }
            return;
        }
        if (b[from] == ':') {
            return;
        }
        int colon = from;
        while (colon < to && b[colon] != ':') {
            colon++;
        }
        int valueFrom = Math.min(colon + 1, to);
        if (valueFrom < to && b[valueFrom] == ' ') {
            valueFrom++;
        }
        boolean error = is(b, from, colon, ERROR);
        if (error && name == null) {
            name = "error";
        }
        if (error || is(b, from, colon, DATA)) {
            String value = new String(b, valueFrom, to - valueFrom, StandardCharsets.UTF_8);
            if (firstData == null && data == null) {
                firstData = value; // most events have one data line: no builder for them
            } else {
                if (data == null) {
                    data = new StringBuilder(firstData);
                    firstData = null;
                }
                data.append('\n').append(value);
            }
        } else if (is(b, from, colon, EVENT)) {
            name = new String(b, valueFrom, to - valueFrom, StandardCharsets.UTF_8);
        }
    }

    private static boolean is(byte[] b, int from, int to, byte[] field) {
        return Arrays.equals(b, from, to, field, 0, field.length);
    }

    private void append(byte[] b, int from, int count) {
        if (length + count > gathered.length) {
            gathered = Arrays.copyOf(gathered, Math.max(gathered.length * 2, length + count));
        }
        System.arraycopy(b, from, gathered, length, count);
        length += count;
    }
}
