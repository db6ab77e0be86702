package dev.stratus.bench;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;

/**
 * The baseline for the RPC latency benchmark: the cheapest possible Undertow WebSocket server. It
 * sends every text frame on {@code /echo} straight back from the I/O thread (no parsing, no
 * dispatch), so a client's round trip against it is the cost of the socket, the WebSocket framing
 * and Undertow itself. Usage: {@code EchoServer [port] [host]} (defaults 0 = any free port,
 * 127.0.0.1); prints {@code echo listening on ws://HOST:PORT/echo} once it accepts connections.
 */
public final class EchoServer {
    private EchoServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        String host = args.length > 1 ? args[1] : "127.0.0.1";
        var echo = Handlers.websocket((exchange, channel) -> {
            channel.getReceiveSetter().set(new AbstractReceiveListener() {
                @Override
                protected void onFullTextMessage(WebSocketChannel ch, BufferedTextMessage message) {
                    WebSockets.sendText(message.getData(), ch, null);
                }
            });
            channel.resumeReceives();
        });
        Undertow server = Undertow.builder()
                .addHttpListener(port, host)
                .setHandler(Handlers.path().addExactPath("/echo", echo))
                .build();
        server.start();
        var bound = (InetSocketAddress) server.getListenerInfo().getFirst().getAddress();
        System.out.println("echo listening on ws://" + host + ":" + bound.getPort() + "/echo");
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            stopped.countDown();
        }, "echo-shutdown"));
        stopped.await();
    }
}
