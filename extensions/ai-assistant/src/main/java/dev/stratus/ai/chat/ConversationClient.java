package dev.stratus.ai.chat;

/** The {@code ai/conversationChanged} notification: the user's other connections to the workspace hear of a change. */
public interface ConversationClient {
    /**
     * A conversation of the workspace was stored (a new one, or a turn added to one) or deleted
     * over another connection of the same user.
     */
    void conversationChanged(AiProtocol.ConversationChanged change);
}
