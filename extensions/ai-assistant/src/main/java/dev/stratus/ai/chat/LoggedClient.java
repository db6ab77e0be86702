package dev.stratus.ai.chat;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * One connection's {@code ai/*} notifications: those of a chat answer go through its
 * {@link AnswerLog} (to this connection, or to the one that took the answer up after this one
 * closed), the others straight out.
 */
final class LoggedClient implements AiClient {
    private final AiClient out;
    private final Map<String, AnswerLog> logs = new ConcurrentHashMap<>();

    LoggedClient(AiClient out) {
        this.out = out;
    }

    /** The connection itself, for what another connection's answer sends once taken up here. */
    AiClient out() {
        return out;
    }

    /** Starts logging what request {@code requestId} sends. */
    AnswerLog log(String requestId) {
        AnswerLog log = new AnswerLog(out);
        logs.put(requestId, log);
        return log;
    }

    /** The request ended: it sends nothing more. */
    void forget(String requestId) {
        logs.remove(requestId);
    }

    @Override
    public void delta(AiProtocol.Delta delta) {
        send(delta.requestId(), delta, AnswerLog::delta, AiClient::delta);
    }

    @Override
    public void notice(AiProtocol.Notice notice) {
        send(notice.requestId(), notice, AnswerLog::notice, AiClient::notice);
    }

    @Override
    public void thinking(AiProtocol.Thinking thinking) {
        send(thinking.requestId(), thinking, AnswerLog::thinking, AiClient::thinking);
    }

    @Override
    public void toolCall(AiProtocol.ToolStep step) {
        send(step.requestId(), step, AnswerLog::toolCall, AiClient::toolCall);
    }

    @Override
    public void done(AiProtocol.Done done) {
        send(done.requestId(), done, AnswerLog::done, AiClient::done);
    }

    private <T> void send(String requestId, T event, BiConsumer<AnswerLog, T> logged, BiConsumer<AiClient, T> direct) {
        AnswerLog log = logs.get(requestId);
        if (log != null) {
            logged.accept(log, event);
        } else {
            direct.accept(out, event);
        }
    }
}
