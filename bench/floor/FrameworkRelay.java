import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import org.xnio.channels.Channels;
import org.xnio.channels.StreamSinkChannel;

/**
 * The frameworks' floor, for {@code ai-gateway.mjs --floor frameworks}: Undertow in and
 * java.net.http out, set up as the server sets them up (the request on a virtual thread, one
 * HTTP client per processor at most 4, its completions on its selector thread, each chunk written
 * to the client there), with no application work: no authentication, routing, budgets, audit or
 * JSON. The answer's bytes pass through unchanged.
 *
 * <p>Run: {@code java -cp 'ide-server/server/target/lib/*' FrameworkRelay.java PORT UPSTREAM_PORT}.
 * Prints {@code listening on URL} once it listens.
 */
public final class FrameworkRelay {
    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        URI upstream = URI.create("http://127.0.0.1:" + args[1] + "/v1/chat/completions");
        int n = Math.clamp(Runtime.getRuntime().availableProcessors(), 1, 4);
        HttpClient[] clients = new HttpClient[n];
        for (int i = 0; i < n; i++) {
            clients[i] = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER).executor(Runnable::run).build();
        }
        AtomicInteger turn = new AtomicInteger();
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        HttpHandler relay = new HttpHandler() {
            @Override
            public void handleRequest(HttpServerExchange exchange) throws Exception {
                if (exchange.isInIoThread()) {
                    exchange.dispatch(threads, this);
                    return;
                }
                exchange.startBlocking();
                byte[] body = exchange.getInputStream().readAllBytes();
                HttpRequest request = HttpRequest.newBuilder(upstream).header("Content-Type", "application/json")
                        .header("Accept", "text/event-stream").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/event-stream");
                StreamSinkChannel channel = exchange.getResponseChannel();
                CompletableFuture<Void> done = new CompletableFuture<>();
                HttpClient client = clients[Math.floorMod(turn.getAndIncrement(), n)];
                client.sendAsync(request, info -> HttpResponse.BodySubscribers.fromSubscriber(new Passer(channel, done))).get();
                done.get();
                synchronized (channel) {
                    channel.shutdownWrites();
                    Channels.flushBlocking(channel);
                }
                exchange.endExchange();
            }
        };
        Undertow.builder().addHttpListener(port, "127.0.0.1").setHandler(relay).build().start();
        System.out.println("listening on http://127.0.0.1:" + port + "/");
    }

    /** Writes each piece of the answer to the client on the HTTP client's thread, as it arrives. */
    private record Passer(StreamSinkChannel channel, CompletableFuture<Void> done) implements Flow.Subscriber<List<ByteBuffer>> {
        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
            try {
                synchronized (channel) {
                    for (ByteBuffer b : item) {
                        Channels.writeBlocking(channel, b);
                    }
                    Channels.flushBlocking(channel);
                }
            } catch (IOException e) {
                done.completeExceptionally(e);
            }
        }

        @Override
        public void onError(Throwable failure) {
            done.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            done.complete(null);
        }
    }
}
