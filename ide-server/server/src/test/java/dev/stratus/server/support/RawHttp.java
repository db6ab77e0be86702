package dev.stratus.server.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

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
}
