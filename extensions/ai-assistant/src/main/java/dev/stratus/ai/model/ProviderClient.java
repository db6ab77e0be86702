package dev.stratus.ai.model;

import java.util.function.Consumer;

/** Talks to deployments of one wire format. Implementations are thread-safe. */
public interface ProviderClient {

    /**
     * Streams one answer from {@code deployment}, handing each event to {@code events} as it
     * arrives (on the calling thread), and returns the assembled answer once the provider
     * finished it.
     *
     * @throws ProviderException classified; a stream that ends without the provider's finish is
     *     {@link ProviderException.Kind#STREAM_CUT}, never a short answer
     */
    ChatResult stream(Deployment deployment, ChatRequest request, Consumer<StreamEvent> events);
}
