package dev.stratus.ai.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** One request/response on one connection, written byte by byte so a test controls every failure. */
final class Exchange {
    /** How long a cut connection stays open after its last chunk before the FIN. */
    static final Duration CUT_AFTER = Duration.ofMillis(100);
    final RecordedRequest request;
    final String model;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    Exchange(Socket socket, InputStream in, RecordedRequest request, String model) throws IOException {
        this.socket = socket;
        this.in = in;
        this.out = socket.getOutputStream();
        this.request = request;
        this.model = model;
    }

    /** A whole response with a body of known length. */
    void respond(int status, Map<String, String> headers, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = statusLine(status, headers);
        head.append("Content-Type: ").append(contentType).append("\r\n");
        head.append("Content-Length: ").append(bytes.length).append("\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
    }

    /** Headers of a chunked event stream. */
    void startStream() throws IOException {
        StringBuilder head = statusLine(200, Map.of());
        head.append("Content-Type: text/event-stream\r\nCache-Control: no-cache\r\nTransfer-Encoding: chunked\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** One chunk of the stream, flushed at once. */
    void chunk(String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** The clean end of a chunked body. */
    void endStream() throws IOException {
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /**
     * Drops the connection mid-body: the chunked body never ends. The connection is closed with
     * a FIN, not a reset, so what was sent before the cut reaches the client (a reset may discard
     * data the client has not read yet, which made what the client saw depend on timing). The
     * FIN follows the last chunk after {@link #CUT_AFTER}, as a cut follows text the user has
     * already seen: when headers, chunks and FIN arrive together, java.net.http can fail the
     * request itself ("chunked transfer encoding, state: READING_LENGTH", in 19-28 of 600
     * immediate cuts here) before it hands the body over, so the chunks are never seen and the
     * answer counts as one that never began (retried, no restart notice).
     */
    void cut() throws IOException {
        out.flush();
        pause(CUT_AFTER);
        socket.shutdownOutput();
        hold();
        socket.close();
    }

    /** Sends nothing more until the client hangs up or the upstream closes. */
    void hold() {
        try {
            while (in.read() >= 0) {
                // discard: the client has nothing more to say on a one-request connection
            }
        } catch (IOException closed) {
            // the upstream closed, or the client dropped the connection
        }
    }

    static void pause(Duration d) {
        if (d.isPositive()) {
            try {
                Thread.sleep(d);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static StringBuilder statusLine(int status, Map<String, String> headers) {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(" Scripted\r\nConnection: close\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        return head;
    }
}
