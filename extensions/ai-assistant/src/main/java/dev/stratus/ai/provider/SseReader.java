package dev.stratus.ai.provider;

import java.io.BufferedReader;
import java.io.IOException;

/**
 * Reads server-sent events as the HTML spec defines them: {@code field: value} lines, events
 * ended by a blank line, several {@code data} lines joined with {@code \n}, {@code :} comments
 * ignored, any line ending. An event cut off by the end of the stream is discarded, so a
 * truncated JSON payload is never handed on.
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

    private final BufferedReader in;

    SseReader(BufferedReader in) {
        this.in = in;
    }

    /** The next event, or null at the end of the stream. */
    Event next() throws IOException {
        String name = null;
        StringBuilder data = null;
        for (;;) {
            String line = in.readLine();
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
}
