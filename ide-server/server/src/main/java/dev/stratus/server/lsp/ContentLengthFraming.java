package dev.stratus.server.lsp;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The LSP base protocol on a byte stream: each message is a header block ({@code Content-Length:
 * N}, optionally {@code Content-Type}, each line ending in CRLF, then an empty line) followed by
 * N bytes of UTF-8 JSON. Reading never holds more than the size limit: a longer message is
 * skipped and reported with its first bytes, so the caller can still answer the request it
 * belongs to.
 */
final class ContentLengthFraming {
    private static final int MAX_HEADER_LINE = 1024;
    private static final int MAX_HEADERS = 16;
    /** How much of a skipped message is kept, to find its id. */
    static final int OVERSIZED_HEAD = 4096;

    private ContentLengthFraming() {
    }

    /** A message longer than the limit was skipped. */
    static final class OversizedMessageException extends IOException {
        private final long length;
        private final transient byte[] head;

        OversizedMessageException(long length, byte[] head) {
            super("Message of " + length + " bytes is over the limit", null);
            this.length = length;
            this.head = head;
        }

        long length() {
            return length;
        }

        /** The first bytes of the message (at most {@link #OVERSIZED_HEAD}). */
        byte[] head() {
            return head;
        }
    }

    /**
     * The next message's body, or null at the end of the stream between messages. Throws
     * {@link OversizedMessageException} (the stream stays usable) for a message over
     * {@code maxBytes}, and another IOException for malformed headers or a stream cut mid-message.
     */
    static byte[] read(InputStream in, long maxBytes) throws IOException {
        long length = -1;
        int headers = 0;
        while (true) {
            String line = readHeaderLine(in, headers == 0);
            if (line == null) {
                return null;
            }
            if (line.isEmpty()) {
                if (headers == 0) {
                    continue; // tolerate stray blank lines between messages
                }
                break;
            }
            if (++headers > MAX_HEADERS) {
                throw new IOException("Too many header lines");
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw new IOException("Malformed header line: " + line);
            }
            if (line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
                try {
                    length = Long.parseLong(line.substring(colon + 1).trim());
                } catch (NumberFormatException e) {
                    throw new IOException("Malformed Content-Length: " + line);
                }
            }
        }
        if (length < 0) {
            throw new IOException("Message without Content-Length");
        }
        if (length > maxBytes) {
            byte[] head = in.readNBytes((int) Math.min(length, OVERSIZED_HEAD));
            in.skipNBytes(length - head.length);
            throw new OversizedMessageException(length, head);
        }
        byte[] body = in.readNBytes((int) length);
        if (body.length < length) {
            throw new EOFException("Stream ended inside a message");
        }
        return body;
    }

    /** Writes one message (header and body); the caller flushes and serialises writers. */
    static void write(OutputStream out, byte[] body) throws IOException {
        out.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
    }

    /** A header line without its CRLF; null at the end of the stream before the line's first byte. */
    private static String readHeaderLine(InputStream in, boolean mayEnd) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b == -1) {
                if (sb.isEmpty() && mayEnd) {
                    return null;
                }
                throw new EOFException("Stream ended inside a header");
            }
            if (b == '\n') {
                int n = sb.length();
                return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
            }
            if (sb.length() >= MAX_HEADER_LINE) {
                throw new IOException("Header line longer than " + MAX_HEADER_LINE + " bytes");
            }
            sb.append((char) b);
        }
    }
}
