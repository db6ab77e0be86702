package dev.stratus.ai.provider;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads server-sent events as the HTML spec defines them: {@code field: value} lines, events
 * ended by a blank line, several {@code data} lines joined with {@code \n}, {@code :} comments
 * ignored, any line ending. An event cut off by the end of the stream is discarded, so a
 * truncated JSON payload is never handed on.
 *
 * <p>Lines are split on the bytes and each is decoded whole as UTF-8 (malformed bytes become
 * U+FFFD), with small buffers: a stream's buffers live as long as it runs and are copied by
 * every young collection meanwhile, and events are a few hundred bytes. An InputStreamReader and
 * a BufferedReader held 8 KiB and 4 KiB per stream.
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
    /** Bytes read and not yet split: {@code [pos, limit)}. */
    private final byte[] buffer = new byte[512];
    private int pos;
    private int limit;
    /** A line longer than what was left in {@link #buffer}, gathered here. */
    private byte[] gathered = new byte[256];
    private int length;
    /** The last line ended with CR: a LF right after it belongs to that ending. */
    private boolean skipLf;

    SseReader(InputStream in) {
        this.in = in;
    }

    /** The next event, or null at the end of the stream. */
    Event next() throws IOException {
        String name = null;
        StringBuilder data = null;
        for (;;) {
            String line = readLine();
            if (line == null) {
                return null;
            }
            if (line.isEmpty()) {
                if (data != null) {
                    return new Event(name == null ? "message" : name, data.toString());
                }
                name = null;
                continue;
            }
            if (line.charAt(0) == ':') {
                continue;
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
    }

    /** The next line without its ending (CRLF, LF or CR), or null at the end of the stream. */
    private String readLine() throws IOException {
        length = 0;
        for (;;) {
            if (pos == limit) {
                int n = in.read(buffer, 0, buffer.length);
                if (n < 0) {
                    return length > 0 ? new String(gathered, 0, length, StandardCharsets.UTF_8) : null;
                }
                pos = 0;
                limit = n;
                continue;
            }
            if (skipLf) {
                skipLf = false;
                if (buffer[pos] == '\n') {
                    pos++;
                    continue;
                }
            }
            int start = pos;
            while (pos < limit && buffer[pos] != '\n' && buffer[pos] != '\r') {
                pos++;
            }
            if (pos == limit) {
                append(start, pos - start);
                continue;
            }
            skipLf = buffer[pos] == '\r';
            pos++;
            if (length == 0) {
                return new String(buffer, start, pos - 1 - start, StandardCharsets.UTF_8);
            }
            append(start, pos - 1 - start);
            return new String(gathered, 0, length, StandardCharsets.UTF_8);
        }
    }

    private void append(int from, int count) {
        if (length + count > gathered.length) {
            gathered = Arrays.copyOf(gathered, Math.max(gathered.length * 2, length + count));
        }
        System.arraycopy(buffer, from, gathered, length, count);
        length += count;
    }
}
