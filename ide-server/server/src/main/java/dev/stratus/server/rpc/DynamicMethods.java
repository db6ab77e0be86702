package dev.stratus.server.rpc;

import com.google.gson.JsonElement;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * A service whose methods are not known when the connection opens (extensions' {@code ext/...}
 * methods): every method it {@linkplain #handles handles} goes to it, with its params as JSON.
 * A service object implementing this, among those a {@link RpcServiceFactory} creates, is given
 * them; the others go to the connection's typed services.
 */
public interface DynamicMethods {

    /** True for the methods this object answers, for example those starting with {@code "ext/"}. */
    boolean handles(String method);

    /** Answers a request; the result is serialised as given (a Gson tree, a record, ...). */
    CompletableFuture<Object> request(String method, JsonElement params);

    /** Takes a notification from the client. */
    void notification(String method, JsonElement params);

    /** Called once, before any request: sends a notification ({@code method}, params) to this client. */
    void connect(BiConsumer<String, Object> notifier);
}
