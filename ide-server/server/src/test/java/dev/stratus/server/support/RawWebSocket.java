package dev.stratus.server.support;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.util.Map;

/**
 * A WebSocket peer made by hand on a plain socket, so a test decides what it answers: unlike
 * every WebSocket client, it does not answer the server's pings unless told to.
 */
public final class RawWebSocket implements AutoCloseable {
    public final Socket socket;
    public final InputStream in;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    /** Upgrades {@code path} on the loopback {@code port}, with {@code headers} (authorization, say). */
    public static RawWebSocket upgrade(int port, String path, Map<String, String> headers) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        // A server that never pings, or never closes, fails the test instead of hanging it.
        socket.setSoTimeout(10_000);
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n");
        headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
        socket.getOutputStream().write(request.append("\r\n").toString().getBytes(US_ASCII));
        RawWebSocket ws = new RawWebSocket(socket);
        assertThat(ws.head()).startsWith("HTTP/1.1 101");
        return ws;
    }

    /**
     * Reads frames until the server's ping (an unmasked ping frame with no payload); false if the
     * socket ends first. Throws {@link java.net.SocketTimeoutException} if none comes within 10 s.
     */
    public boolean awaitPing() throws IOException {
        while (true) {
            int first = in.read();
            int second = in.read();
            if (first < 0 || second < 0) {
                return false;
            }
            long length = second & 0x7f;
            if (length == 126) {
                length = (in.read() << 8) | in.read();
            } else if (length == 127) {
                length = 0;
                for (int i = 0; i < 8; i++) {
                    length = (length << 8) | in.read();
                }
            }
            if (first == 0x89 && length == 0) {
                return true;
            }
            in.skipNBytes(length);
        }
    }

    /** Reads until the server closes the socket (its close frame, or the end). */
    public void awaitEnd() throws IOException {
        while (in.read() != -1) {
            // frames sent before the close
        }
    }

    /** Sends a text frame as a client does: FIN, opcode 1, masked (with a zero key, so the payload reads as is). */
    public void sendText(String text) throws IOException {
        byte[] payload = text.getBytes(US_ASCII);
        if (payload.length > 125) {
            throw new IllegalArgumentException("short frames only");
        }
        byte[] frame = new byte[6 + payload.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | payload.length);
        System.arraycopy(payload, 0, frame, 6, payload.length);
        socket.getOutputStream().write(frame);
    }

    private String head() throws IOException {
        StringBuilder b = new StringBuilder();
        while (!b.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            b.append((char) c);
        }
        return b.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
