package dev.stratus.ai.provider;

import dev.stratus.ai.model.ChatResult;
import dev.stratus.ai.model.StreamEvent;
import dev.stratus.ai.model.ToolCall;
import dev.stratus.ai.model.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Collects a streamed answer and forwards its pieces. Usage is held back and reported once,
 * just before {@link StreamEvent.Finished}, so a listener never counts tokens twice. A tool call
 * whose server sent no id gets {@code call_<index>}, so the conversation can still answer it. A
 * leading think block in the text is not the answer ({@link ThinkBlock}), nor is thinking a
 * server sends in a field of its own ({@link #reasoning}): either is passed on as
 * {@link StreamEvent.ThinkingDelta} and {@link StreamEvent.Thought}, and counted for charging.
 */
final class AnswerAssembler {
    private final Consumer<StreamEvent> events;
    private final StringBuilder text = new StringBuilder();
    private final Map<Integer, PendingCall> calls = new TreeMap<>();
    private Usage usage;
    private String finishReason;
    private final ThinkBlock think = new ThinkBlock(new ThinkBlock.Listener() {
        @Override
        public void text(String delta) {
            text.append(delta);
            events.accept(new StreamEvent.TextDelta(delta));
        }

        @Override
        public void thinking(String delta) {
            events.accept(new StreamEvent.ThinkingDelta(delta));
        }

        @Override
        public void thought(int chars, int takenBack, boolean closed) {
            thinkingChars = chars;
            text.setLength(text.length() - takenBack);
            events.accept(new StreamEvent.Thought(chars, takenBack, closed));
        }
    });
    private int thinkingChars;
    /** Characters of thinking that came in a field of their own ({@link #reasoning}). */
    private int reasoningChars;
    /** Whether the end of that thinking was passed on. */
    private boolean reasoningEnded;

    private static final class PendingCall {
        String id;
        String name;
        final StringBuilder arguments = new StringBuilder();
    }

    AnswerAssembler(Consumer<StreamEvent> events) {
        this(events, null);
    }

    /**
     * @param bound the answer's bound in tokens, as sent ({@code max_tokens}), or null: a server
     *     that goes on far past it is not followed further (see {@link #overrun})
     */
    AnswerAssembler(Consumer<StreamEvent> events, Integer bound) {
        this.events = events;
        this.limitChars = bound == null ? Long.MAX_VALUE : CHARS_PER_TOKEN_AT_MOST * bound + SLACK_CHARS;
    }

    /**
     * Characters per token no honest answer reaches on average (English text has about 4, code
     * about 3, long runs of spaces a few more), and characters allowed beyond that.
     */
    static final long CHARS_PER_TOKEN_AT_MOST = 12;
    static final long SLACK_CHARS = 4096;
    private final long limitChars;
    private long written;
    private boolean overrun;

    private StopTokens stops;

    /** Ends the answer's text before the first of {@code tokens}, none of which is part of it. */
    void endAt(List<String> tokens) {
        stops = new StopTokens(tokens);
    }

    void text(String delta) {
        if (delta != null && !delta.isEmpty() && !overrun) {
            String kept = stops == null ? delta : stops.accept(delta);
            if (!kept.isEmpty()) {
                endReasoning(true);
                think.accept(kept);
            }
            wrote(delta.length());
        }
    }

    /**
     * Thinking the server took out of the answer's text into a field of its own (a reasoning
     * parser's {@code reasoning_content} or {@code reasoning}): passed on as
     * {@link StreamEvent.ThinkingDelta}, and its end as {@link StreamEvent.Thought} once the
     * answer's text or a tool call begins, or the answer ends without either.
     */
    void reasoning(String delta) {
        if (delta != null && !delta.isEmpty() && !overrun) {
            reasoningChars += delta.length();
            events.accept(new StreamEvent.ThinkingDelta(delta));
            wrote(delta.length());
        }
    }

    private void endReasoning(boolean answered) {
        if (reasoningChars > 0 && !reasoningEnded) {
            reasoningEnded = true;
            events.accept(new StreamEvent.Thought(reasoningChars, 0, answered));
        }
    }

    /**
     * Whether the server went on far past the bound it was sent (it ignored {@code max_tokens}): the
     * answer then ends there, as one its bound cut ({@code length}), and is read no further. Its
     * budget reservation held the bound; what it wrote beyond is not followed, nor held in memory.
     */
    boolean overrun() {
        return overrun;
    }

    private void wrote(int chars) {
        written += chars;
        if (written > limitChars && !overrun) {
            overrun = true;
            if (finishReason == null) {
                finishReason = "length";
            }
        }
    }

    /** A piece of tool call {@code index}: id and name when known, arguments text to append. */
    void toolCall(int index, String id, String name, String argumentsFragment) {
        if (overrun) {
            return;
        }
        endReasoning(true);
        think.toolCall();
        PendingCall call = calls.computeIfAbsent(index, i -> new PendingCall());
        if (id != null && !id.isEmpty() && call.id == null) {
            call.id = id;
        }
        if (name != null && !name.isEmpty() && call.name == null) {
            call.name = name;
        }
        String fragment = argumentsFragment == null ? "" : argumentsFragment;
        call.arguments.append(fragment);
        events.accept(new StreamEvent.ToolCallDelta(index, id, name, fragment));
        wrote(fragment.length());
    }

    void usage(Usage reported) {
        usage = reported;
    }

    Usage usage() {
        return usage;
    }

    void finish(String reason) {
        finishReason = reason;
    }

    boolean finished() {
        return finishReason != null;
    }

    /** Reports usage and the finish, and returns the answer. */
    ChatResult complete() {
        String held = stops == null ? "" : stops.rest();
        if (!held.isEmpty()) {
            endReasoning(true);
            think.accept(held);
        }
        endReasoning(false);
        think.finish();
        if (usage != null) {
            events.accept(new StreamEvent.UsageReport(usage));
        }
        events.accept(new StreamEvent.Finished(finishReason));
        List<ToolCall> done = new ArrayList<>();
        calls.forEach((index, c) -> done.add(new ToolCall(c.id != null ? c.id : "call_" + index, c.name,
                c.arguments.isEmpty() ? "{}" : c.arguments.toString())));
        return new ChatResult(text.toString(), done, usage, finishReason, thinkingChars + reasoningChars);
    }
}
