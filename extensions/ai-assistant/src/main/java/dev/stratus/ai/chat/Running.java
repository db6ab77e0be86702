package dev.stratus.ai.chat;

/**
 * A request being answered on its own thread: its conversation and turn there (none for an
 * edit), the tools its calls run with and, for a chat answer, the log of what it sent, which the
 * connection that takes it up after its page went away is sent again. Kept by the connection
 * that shows it: the one that asked, then the one that took it up.
 */
final class Running {
    final String requestId;
    final String conversationId;
    final ConversationTurns.Turn turn;
    final ChatTools tools;
    /** Null: the request cannot be taken up again (an edit). */
    final AnswerLog log;
    private volatile Thread thread;
    private volatile boolean abandoned;
    private volatile boolean ended;
    /** Guarded by this. */
    private Runnable forget = () -> { };

    Running(String requestId, String conversationId, ConversationTurns.Turn turn, ChatTools tools, AnswerLog log) {
        this.requestId = requestId;
        this.conversationId = conversationId;
        this.turn = turn;
        this.tools = tools;
        this.log = log;
    }

    void start(Thread t) {
        thread = t;
        t.start();
    }

    /** Stops it as the user does (ai/cancel, a deleted conversation). */
    void interrupt() {
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    /**
     * Stops it because no page will show it: its page went away and none took it up in time, or
     * the assistant stops. It is kept as interrupted, not as stopped by the user.
     */
    void abandon() {
        abandoned = true;
        interrupt();
    }

    boolean abandoned() {
        return abandoned;
    }

    /**
     * {@code forget} runs when it ends: the connection keeping it drops it then. The connection
     * that kept it until now drops it at once.
     */
    synchronized void keptBy(Runnable forget) {
        Runnable before = this.forget;
        this.forget = forget;
        before.run();
        if (ended) {
            forget.run();
        }
    }

    synchronized void ended() {
        ended = true;
        forget.run();
    }
}
