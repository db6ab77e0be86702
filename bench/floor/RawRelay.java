import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The floor of any gateway, for {@code ai-gateway.mjs --floor raw}: each client connection gets a
 * virtual thread and an upstream connection of its own, the request is passed on with its body,
 * and the answer's chunks are copied to the client as they arrive. No parsing beyond HTTP/1.1
 * framing, no authentication, no JSON: what relaying alone costs on this machine.
 *
 * <p>Run: {@code java RawRelay.java PORT UPSTREAM_PORT}. Prints {@code listening on URL} once it listens.
 */
public final class RawRelay {
    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        int upstream = Integer.parseInt(args[1]);
        ServerSocket server = new ServerSocket(port, 1000, InetAddress.getLoopbackAddress());
        System.out.println("listening on http://127.0.0.1:" + port + "/");
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        for (;;) {
            Socket client = server.accept();
            client.setTcpNoDelay(true);
            threads.submit(() -> {
                try (client) {
                    relay(client, upstream);
                } catch (IOException e) {
                    // the client or the upstream went away: this connection ends
                }
                return null;
            });
        }
    }

    private static void relay(Socket client, int upstreamPort) throws IOException {
        InputStream in = new BufferedInputStream(client.getInputStream(), 16384);
        OutputStream out = client.getOutputStream();
        Upstream up = null;
        try {
            for (;;) {
                String head = head(in);
                if (head == null) {
                    return;
                }
                byte[] request = request(head, body(head, in), upstreamPort);
                if (up == null) {
                    up = new Upstream(upstreamPort);
                }
                up.out.write(request);
                String answerHead = head(up.in);
                if (answerHead == null) { // the upstream closed the idle connection: once more on a new one
                    up.close();
                    up = new Upstream(upstreamPort);
                    up.out.write(request);
                    answerHead = head(up.in);
                    if (answerHead == null) {
                        throw new EOFException("the upstream closed the connection");
                    }
                }
                out.write(answerHead.getBytes(StandardCharsets.ISO_8859_1));
                copyChunks(up.in, out);
            }
        } finally {
            if (up != null) {
                up.close();
            }
        }
    }

    /** Copies a chunked body, one write per chunk as it arrives, through the terminating chunk. */
    private static void copyChunks(InputStream in, OutputStream out) throws IOException {
        for (;;) {
            String sizeLine = line(in);
            int size = Integer.parseInt(sizeLine.strip(), 16);
            byte[] data = in.readNBytes(size + 2);
            byte[] prefix = (sizeLine + "\n").getBytes(StandardCharsets.ISO_8859_1);
            byte[] chunk = new byte[prefix.length + data.length];
            System.arraycopy(prefix, 0, chunk, 0, prefix.length);
            System.arraycopy(data, 0, chunk, prefix.length, data.length);
            out.write(chunk);
            if (size == 0) {
                return;
            }
        }
    }

    private static byte[] request(String head, byte[] body, int upstreamPort) throws IOException {
        String first = head.substring(0, head.indexOf("\r\n"));
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.write((first + "\r\nHost: 127.0.0.1:" + upstreamPort + "\r\nContent-Type: application/json\r\n"
                + "Accept: text/event-stream\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        request.write(body);
        return request.toByteArray();
    }

    /** The request's body, by its Content-Length or its chunks. */
    private static byte[] body(String head, InputStream in) throws IOException {
        int length = 0;
        boolean chunked = false;
        for (String header : head.split("\r\n")) {
            String h = header.toLowerCase(Locale.ROOT);
            if (h.startsWith("content-length:")) {
                length = Integer.parseInt(h.substring(15).strip());
            } else if (h.startsWith("transfer-encoding:") && h.contains("chunked")) {
                chunked = true;
            }
        }
        if (!chunked) {
            return in.readNBytes(length);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (;;) {
            int size = Integer.parseInt(line(in).strip(), 16);
            body.write(in.readNBytes(size));
            in.readNBytes(2);
            if (size == 0) {
                return body.toByteArray();
            }
        }
    }

    /** A message head through its blank line, or null at the end of the stream. */
    private static String head(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        for (;;) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.append((char) b);
            if (b == '\n' && head.length() >= 4 && head.lastIndexOf("\r\n\r\n") == head.length() - 4) {
                return head.toString();
            }
        }
    }

    /** A line without its line feed (a carriage return before it is kept). */
    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new EOFException("the upstream ended mid-answer");
            }
            line.append((char) b);
        }
        return line.toString();
    }

    private static final class Upstream implements AutoCloseable {
        final Socket socket;
        final InputStream in;
        final OutputStream out;

        Upstream(int port) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream(), 16384);
            out = socket.getOutputStream();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
