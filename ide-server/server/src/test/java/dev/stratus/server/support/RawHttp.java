package dev.stratus.server.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 over a plain socket, for requests a well-behaved client library refuses to send
 * (un-normalised {@code ..}, foreign Host headers, raw percent escapes).
 */
public final class RawHttp {
    private RawHttp() {
    }

    /** Status code and body of a response. */
    public record Response(int status, String head, String body) {
    }

    public static Response send(int port, String method, String target, String headers, byte[] body) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            String req = method + " " + target + " HTTP/1.1\r\n" + headers
                    + (body == null ? "" : "Content-Length: " + body.length + "\r\n") + "Connection: close\r\n\r\n";
            out.write(req.getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String head = split < 0 ? text : text.substring(0, split);
            String rest = split < 0 ? "" : text.substring(split + 4);
            int status = Integer.parseInt(head.substring(9, 12));
            return new Response(status, head, rest);
        }
    }

    /** The body of a chunked HTTP/1.1 response read from {@code raw}, its head skipped; fails if it is not chunked. */
    public static byte[] chunkedBody(InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw));
        String line;
        boolean chunked = false;
        while (!(line = line(in)).isEmpty()) {
            chunked |= line.toLowerCase(Locale.ROOT).equals("transfer-encoding: chunked");
        }
        if (!chunked) {
            throw new IOException("not a chunked response");
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int size; (size = Integer.parseInt(line(in).trim(), 16)) > 0; ) {
            body.write(in.readNBytes(size));
            if (!line(in).isEmpty()) {
                throw new IOException("a chunk longer than its size");
            }
        }
        if (!line(in).isEmpty()) {
            throw new IOException("trailers after the last chunk");
        }
        return body.toByteArray();
    }

    private static String line(DataInputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                throw new EOFException("the response ended mid-line");
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }
}
