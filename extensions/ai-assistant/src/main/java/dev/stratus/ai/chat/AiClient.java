package dev.stratus.ai.chat;

/** The {@code ai/*} notifications. */
public interface AiClient {
    void delta(AiProtocol.Delta delta);

    void notice(AiProtocol.Notice notice);

    void toolCall(AiProtocol.ToolStep step);

    void done(AiProtocol.Done done);
}
