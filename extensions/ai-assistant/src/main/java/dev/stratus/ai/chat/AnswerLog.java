package dev.stratus.ai.chat;

import java.util.ArrayList;
import java.util.List;

/**
 * The notifications of one chat answer from its start, and the connection they go to: the one
 * that asked, none while its page is away, then the one that took the answer up again
 * ({@code ai/resume}), which is first sent all of them again. Text and thinking that come one
 * after the other are kept as one run, so a long answer is a few entries, not one per chunk.
 */
final class AnswerLog {
    /** Text ({@code ai/delta}) or thinking ({@code ai/thinking}) that came in a row. */
    private record Run(String requestId, boolean thinking, StringBuilder text) {
        void sendTo(AiClient c) {
            if (thinking) {
                c.thinking(new AiProtocol.Thinking(requestId, text.toString()));
            } else {
                c.delta(new AiProtocol.Delta(requestId, text.toString()));
            }
        }
    }

    private final List<Object> events = new ArrayList<>();
    private AiClient target;

    AnswerLog(AiClient target) {
        this.target = target;
    }

    synchronized void delta(AiProtocol.Delta d) {
        text(d.requestId(), false, d.text());
        if (target != null) {
            target.delta(d);
        }
    }

    synchronized void thinking(AiProtocol.Thinking t) {
        text(t.requestId(), true, t.text());
        if (target != null) {
            target.thinking(t);
        }
    }

    private void text(String requestId, boolean thinking, String text) {
        if (!events.isEmpty() && events.getLast() instanceof Run r && r.thinking() == thinking) {
            r.text().append(text);
        } else {
            events.add(new Run(requestId, thinking, new StringBuilder(text)));
        }
    }

    synchronized void notice(AiProtocol.Notice n) {
        add(n);
    }

    synchronized void toolCall(AiProtocol.ToolStep s) {
        add(s);
    }

    synchronized void done(AiProtocol.Done d) {
        add(d);
    }

    private void add(Object event) {
        events.add(event);
        if (target != null) {
            send(target, event);
        }
    }

    /** The page went away: nothing is sent until the answer is taken up again. */
    synchronized void detach() {
        target = null;
    }

    /**
     * Sends {@code to} everything so far, in order, then what comes next; a connection it went to
     * until now gets {@code leaving} instead, as the last it hears of it. Nothing is sent again to
     * the connection it goes to already.
     */
    synchronized void resume(AiClient to, AiProtocol.Done leaving) {
        if (target == to) {
            return; // it has had all of it
        }
        if (target != null) {
            target.done(leaving);
        }
        events.forEach(e -> send(to, e));
        target = to;
    }

    private static void send(AiClient c, Object event) {
        switch (event) {
            case Run r -> r.sendTo(c);
            case AiProtocol.Notice n -> c.notice(n);
            case AiProtocol.ToolStep s -> c.toolCall(s);
            case AiProtocol.Done d -> c.done(d);
            default -> throw new IllegalStateException("Not an answer's notification: " + event);
        }
    }
}
