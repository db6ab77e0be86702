package dev.stratus.ai.chat;

/** The {@code ai/*} notifications. */
public interface AiClient {
    void delta(AiProtocol.Delta delta);

    void notice(AiProtocol.Notice notice);

    /**
     * More of a chat answer's thinking ({@code ai/thinking}). A default so that clients that show
     * no thinking need not take it; the connection's notification proxy sends it all the same.
     */
    default void thinking(AiProtocol.Thinking thinking) {
    }

    void toolCall(AiProtocol.ToolStep step);

    void done(AiProtocol.Done done);
}
