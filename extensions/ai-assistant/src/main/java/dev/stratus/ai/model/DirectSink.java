package dev.stratus.ai.model;

/**
 * A consumer of a provider's stream that can take events on the thread that reads them from the
 * provider (the HTTP client's), which serves every stream and so must never block, rather than on
 * the calling thread. A streamed answer then wakes one thread per chunk instead of two.
 */
public interface DirectSink {

    /**
     * Whether the next events may be handed over on the reading thread now: only when taking
     * them cannot block (the answer's client keeps up, nothing to wait for before output). Asked
     * before each piece of the stream; when false, the calling thread takes the events until it
     * is true again.
     */
    boolean takesDirectly();
}
