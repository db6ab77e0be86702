package dev.stratus.server.rpc;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.stratus.protocol.Empty;
import dev.stratus.protocol.ErrorCodes;
import dev.stratus.protocol.ProtocolGson;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.lsp4j.jsonrpc.Endpoint;
import org.eclipse.lsp4j.jsonrpc.RemoteEndpoint;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.json.JsonRpcMethod;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.jsonrpc.messages.Message;
import org.eclipse.lsp4j.jsonrpc.messages.RequestMessage;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseMessage;
import org.eclipse.lsp4j.jsonrpc.services.ServiceEndpoints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON-RPC 2.0 peer over one WebSocket: each text frame carries one message. Built from
 * LSP4J's parts the way its own WebSocket launcher is (a {@link RemoteEndpoint} fed message by
 * message, no streams), plus what a browser-facing endpoint needs: JSON-RPC errors for invalid
 * JSON and batches, no {@code error.data} details, and a bound on requests in flight.
 */
final class RpcConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RpcConnection.class);

    private final WebSocketChannel channel;
    private final MessageJsonHandler json;
    private final RemoteEndpoint remote;
    private final List<Object> services;

    RpcConnection(WebSocketChannel channel, RpcServiceFactory factory, ServiceCreator creator, RpcConfig config) {
        this.channel = channel;
        Map<String, JsonRpcMethod> methods = new LinkedHashMap<>();
        factory.serviceInterfaces().forEach(c -> methods.putAll(ServiceEndpoints.getSupportedMethods(c)));
        factory.clientInterfaces().forEach(c -> methods.putAll(ServiceEndpoints.getSupportedMethods(c)));
        this.json = new MessageJsonHandler(methods, ProtocolGson::configure);
        BoundedEndpoint local = new BoundedEndpoint(config.maxInFlight());
        this.remote = new RemoteEndpoint(this::send, new PingEndpoint(local), new RpcErrors());
        json.setMethodProvider(remote);
        Object client = ServiceEndpoints.toServiceObject(remote, factory.clientInterfaces(), getClass().getClassLoader());
        this.services = new ArrayList<>(creator.create(client));
        Endpoint endpoint = ServiceEndpoints.toEndpoint(services);
        for (Object s : services) {
            if (s instanceof DynamicMethods dynamic) {
                dynamic.connect(remote::notify);
                endpoint = new PrefixEndpoint(dynamic, endpoint);
            }
        }
        local.delegate = endpoint;
    }

    /** Methods a dynamic service handles go to it (their params stay JSON); the rest to {@code next}. */
    private record PrefixEndpoint(DynamicMethods dynamic, Endpoint next) implements Endpoint {
        @Override
        public CompletableFuture<?> request(String method, Object parameter) {
            if (dynamic.handles(method)) {
                return dynamic.request(method, parameter instanceof JsonElement e ? e : null);
            }
            return next.request(method, parameter);
        }

        @Override
        public void notify(String method, Object parameter) {
            if (dynamic.handles(method)) {
                dynamic.notification(method, parameter instanceof JsonElement e ? e : null);
                return;
            }
            next.notify(method, parameter);
        }
    }

    /**
     * {@code rpc/ping} is answered {@code {}} at once, ahead of the bound on requests in flight: a
     * client that has heard nothing for a while asks it to tell a quiet connection from a dead one.
     */
    private record PingEndpoint(Endpoint next) implements Endpoint {
        static final String PING = "rpc/ping";

        @Override
        public CompletableFuture<?> request(String method, Object parameter) {
            return PING.equals(method) ? CompletableFuture.completedFuture(Empty.INSTANCE) : next.request(method, parameter);
        }

        @Override
        public void notify(String method, Object parameter) {
            if (!PING.equals(method)) {
                next.notify(method, parameter);
            }
        }
    }

    /** Creates the services once the client proxy exists. */
    @FunctionalInterface
    interface ServiceCreator {
        List<Object> create(Object client);
    }

    void onText(String text) {
        if (startsWith(text, '[')) {
            sendError(null, ErrorCodes.INVALID_REQUEST, "Batch requests are not supported");
            return;
        }
        Message message;
        try {
            message = json.parseMessage(text);
        } catch (RuntimeException e) {
            answerUnparseable(text);
            return;
        }
        if (message instanceof RequestMessage request && request.getMethod() == null
                || message instanceof ResponseMessage response && response.getResult() == null && response.getError() == null
                || message == null) {
            answerUnparseable(text);
            return;
        }
        remote.consume(message);
    }

    /**
     * Classifies a message LSP4J could not take, off the hot path: invalid JSON is a parse error;
     * a request with a method and id whose params did not bind is InvalidParams for that id;
     * anything else is an invalid request.
     */
    private void answerUnparseable(String text) {
        JsonElement tree;
        try {
            tree = JsonParser.parseString(text);
        } catch (JsonParseException e) {
            sendError(null, ErrorCodes.PARSE_ERROR, "Parse error: invalid JSON");
            return;
        }
        Either<String, Number> id = null;
        if (tree.isJsonObject() && tree.getAsJsonObject().get("id") instanceof JsonPrimitive p && !p.isBoolean()) {
            id = p.isNumber() ? Either.forRight(p.getAsNumber()) : Either.forLeft(p.getAsString());
        }
        if (id != null && tree.getAsJsonObject().get("method") instanceof JsonPrimitive m && m.isString()) {
            sendError(id, ErrorCodes.INVALID_PARAMS, "Invalid params for " + m.getAsString());
        } else {
            sendError(id, ErrorCodes.INVALID_REQUEST, "Invalid JSON-RPC request");
        }
    }

    private static boolean startsWith(String text, char c) {
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (!Character.isWhitespace(ch)) {
                return ch == c;
            }
        }
        return false;
    }

    private void sendError(Either<String, Number> id, int code, String message) {
        ResponseMessage response = new ResponseMessage();
        response.setJsonrpc("2.0");
        response.setRawId(id);
        response.setError(new ResponseError(code, message, null));
        send(response);
    }

    private void send(Message message) {
        if (message instanceof ResponseMessage r && r.getError() != null && r.getError().getData() instanceof Throwable) {
            r.getError().setData(null);
        }
        if (channel.isOpen()) {
            WebSockets.sendText(json.serialize(message), channel, null);
        }
    }

    @Override
    public void close() {
        for (Object s : services) {
            if (s instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.warn("Closing an RPC service failed", e);
                }
            }
        }
    }

    /** Answers RateLimited past a number of requests in flight, else delegates. */
    private static final class BoundedEndpoint implements Endpoint {
        private final int max;
        private final AtomicInteger inFlight = new AtomicInteger();
        private volatile Endpoint delegate;

        BoundedEndpoint(int max) {
            this.max = max;
        }

        @Override
        public CompletableFuture<?> request(String method, Object parameter) {
            if (inFlight.incrementAndGet() > max) {
                inFlight.decrementAndGet();
                return CompletableFuture.failedFuture(new ResponseErrorException(new ResponseError(
                        ErrorCodes.RATE_LIMITED, "Too many requests in flight on this connection", null)));
            }
            try {
                return delegate.request(method, parameter).whenComplete((r, e) -> inFlight.decrementAndGet());
            } catch (RuntimeException e) {
                inFlight.decrementAndGet();
                throw e;
            }
        }

        @Override
        public void notify(String method, Object parameter) {
            delegate.notify(method, parameter);
        }
    }
}
