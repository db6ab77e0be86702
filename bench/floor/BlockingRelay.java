import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.xnio.channels.Channels;
import org.xnio.channels.StreamSinkChannel;

/**
 * The frameworks' floor with a blocking client, for {@code ai-gateway.mjs --floor blocking}:
 * Undertow in, as {@link FrameworkRelay} has it (the request on a virtual thread), but the
 * upstream called over a plain socket from that same virtual thread, which reads each chunk of
 * the answer and writes it to the client itself. Upstream connections are kept in a pool and
 * reused. No application work: no authentication, routing, budgets, audit or JSON; only HTTP/1.1
 * framing is read. What a blocking HTTP client in place of {@code java.net.http} could save.
 *
 * <p>Run: {@code java -cp 'ide-server/server/target/lib/*' BlockingRelay.java PORT UPSTREAM_PORT}.
 * Prints {@code listening on URL} once it listens.
 */
public final class BlockingRelay {
    private static final ConcurrentLinkedQueue<Upstream> IDLE = new ConcurrentLinkedQueue<>();

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        int upstreamPort = Integer.parseInt(args[1]);
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        HttpHandler relay = new HttpHandler() {
            @Override
            public void handleRequest(HttpServerExchange exchange) throws Exception {
                if (exchange.isInIoThread()) {
                    exchange.dispatch(threads, this);
                    return;
                }
                exchange.startBlocking();
                byte[] request = request(exchange.getInputStream().readAllBytes(), upstreamPort);
                Upstream up = IDLE.poll();
                if (up == null) {
                    up = new Upstream(upstreamPort);
                }
                up.out.write(request);
                if (head(up.in) == null) { // the upstream closed the idle connection: once more on a new one
                    up.close();
                    up = new Upstream(upstreamPort);
                    up.out.write(request);
                    if (head(up.in) == null) {
                        throw new EOFException("the upstream closed the connection");
                    }
                }
                exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/event-stream");
                StreamSinkChannel channel = exchange.getResponseChannel();
                for (;;) {
                    int size = Integer.parseInt(line(up.in).strip(), 16);
                    if (size == 0) {
                        line(up.in);
                        break;
                    }
                    byte[] data = up.in.readNBytes(size);
                    up.in.readNBytes(2);
                    Channels.writeBlocking(channel, ByteBuffer.wrap(data));
                    Channels.flushBlocking(channel);
                }
                IDLE.add(up);
                channel.shutdownWrites();
                Channels.flushBlocking(channel);
                exchange.endExchange();
            }
        };
        Undertow.builder().addHttpListener(port, "127.0.0.1").setHandler(relay).build().start();
        System.out.println("listening on http://127.0.0.1:" + port + "/");
    }

    private static byte[] request(byte[] body, int upstreamPort) {
        byte[] head = ("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:" + upstreamPort
                + "\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\nContent-Length: " + body.length
                + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        return request;
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
