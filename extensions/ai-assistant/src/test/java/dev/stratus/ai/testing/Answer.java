package dev.stratus.ai.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A streamed answer for {@link ScriptedUpstream} to send, written once and rendered in the wire
 * format of the endpoint that was called (OpenAI chunks or Anthropic events).
 *
 * <pre>{@code
 * Answer.text("Hel", "lo")                                  // two text deltas
 *       .toolCall("call_1", "read_file", "{\"pa", "th\":\"a\"}") // a tool call, arguments in two pieces
 *       .usage(12, 5)                                       // the usage the server reports
 *       .chunkDelay(Duration.ofMillis(20))                   // pause before each event
 *       .thenCutConnection();                               // drop the connection instead of finishing
 * }</pre>
 *
 * Unless an ending says otherwise the answer completes: a finish ({@code stop}, or
 * {@code tool_calls} / {@code tool_use} when it calls tools; override with {@link #finish}),
 * then usage, then {@code [DONE]} (OpenAI) or {@code message_stop} (Anthropic).
 */
public final class Answer {
    sealed interface Part {
    }

    record Text(List<String> chunks) implements Part {
    }

    record ToolUse(String id, String name, List<String> fragments) implements Part {
    }

    /** How the stream ends after its parts. */
    enum Ending {
        /** Finish, usage and end marker, then a clean end of the body. */
        COMPLETE,
        /** The socket is closed abruptly, mid-body. */
        CUT,
        /** Nothing more is sent; the connection stays open. */
        STALL,
        /** The body ends cleanly, without finish or end marker. */
        END_WITHOUT_FINISH,
        /** An in-stream error event, then a clean end. */
        FAIL
    }

    final List<Part> parts = new ArrayList<>();
    int promptTokens = 10;
    Integer completionTokens;
    String finish;
    Duration chunkDelay = Duration.ZERO;
    Duration headersDelay = Duration.ZERO;
    Ending ending = Ending.COMPLETE;
    String failType;
    String failMessage;

    private Answer() {
    }

    /** An answer starting with text in {@code chunks}, one delta each. */
    public static Answer text(String... chunks) {
        return new Answer().thenText(chunks);
    }

    /** An answer with nothing yet (add tool calls or an ending). */
    public static Answer empty() {
        return new Answer();
    }

    /** More text, one delta per chunk (a new content block in Anthropic's format). */
    public Answer thenText(String... chunks) {
        if (chunks.length > 0) {
            parts.add(new Text(List.of(chunks)));
        }
        return this;
    }

    /** A tool call whose arguments arrive in {@code argumentFragments}, one delta each. */
    public Answer toolCall(String id, String name, String... argumentFragments) {
        parts.add(new ToolUse(id, name, List.of(argumentFragments)));
        return this;
    }

    /** The usage reported (default: 10 prompt tokens, one completion token per delta). */
    public Answer usage(int prompt, int completion) {
        promptTokens = prompt;
        completionTokens = completion;
        return this;
    }

    /** The finish reason in the wire's own words ({@code length}, {@code max_tokens}, ...). */
    public Answer finish(String wireReason) {
        finish = wireReason;
        return this;
    }

    /** A pause before each event. */
    public Answer chunkDelay(Duration delay) {
        chunkDelay = delay;
        return this;
    }

    /** A pause before the response headers. */
    public Answer headersDelay(Duration delay) {
        headersDelay = delay;
        return this;
    }

    /** After the parts, drop the connection without finishing the HTTP body. */
    public Answer thenCutConnection() {
        ending = Ending.CUT;
        return this;
    }

    /** After the parts, send nothing more and keep the connection open (until the client leaves). */
    public Answer thenStall() {
        ending = Ending.STALL;
        return this;
    }

    /** After the parts, end the HTTP body cleanly but without finish or end marker. */
    public Answer thenEndWithoutFinish() {
        ending = Ending.END_WITHOUT_FINISH;
        return this;
    }

    /**
     * After the parts, an in-stream error: Anthropic {@code event: error} with
     * {@code error.type = errorType} ({@code overloaded_error}, {@code rate_limit_error},
     * {@code api_error}), or an OpenAI-style {@code data: {"error": {...}}} chunk followed by
     * {@code [DONE]} (as vLLM does).
     */
    public Answer thenFail(String errorType, String message) {
        ending = Ending.FAIL;
        failType = errorType;
        failMessage = message;
        return this;
    }

    int completionTokens() {
        if (completionTokens != null) {
            return completionTokens;
        }
        int n = 0;
        for (Part p : parts) {
            n += p instanceof Text t ? t.chunks().size() : ((ToolUse) p).fragments().size() + 1;
        }
        return Math.max(n, 1);
    }

    boolean callsTools() {
        return parts.stream().anyMatch(ToolUse.class::isInstance);
    }
}
