package dev.stratus.ai.governance;

import dev.stratus.ai.model.ChatMessage;
import dev.stratus.ai.model.ChatRequest;
import dev.stratus.ai.model.ChatResult;
import dev.stratus.ai.model.ToolCall;
import dev.stratus.ai.model.ToolSpec;
import dev.stratus.ai.model.Usage;

/**
 * The worst case a request may cost, for a budget reservation. Without the model's tokenizer the
 * prompt is estimated at one token per three characters (code and non-English text run denser
 * than the usual four), plus a few tokens of framing per message; over-estimating only holds
 * tokens until the call settles.
 */
public final class TokenEstimator {
    private static final int PER_MESSAGE = 4;

    private TokenEstimator() {
    }

    /** Estimated prompt tokens plus the answer's bound ({@code maxOutputTokens}, else {@code defaultMaxOutput}). */
    public static long reservation(ChatRequest request, int defaultMaxOutput) {
        return promptTokens(request) + outputBound(request, defaultMaxOutput);
    }

    /** The answer's bound {@link #reservation} counts: the request's, else {@code defaultMaxOutput}. */
    public static long outputBound(ChatRequest request, int defaultMaxOutput) {
        return Math.max(0, request.maxOutputTokens() != null ? request.maxOutputTokens() : defaultMaxOutput);
    }

    public static long promptTokens(ChatRequest request) {
        long chars = 0;
        long framing = 0;
        for (ChatMessage m : request.messages()) {
            chars += m.content().length();
            framing += PER_MESSAGE;
            for (ToolCall c : m.toolCalls()) {
                chars += length(c.name()) + length(c.argumentsJson());
                framing += PER_MESSAGE;
            }
        }
        for (ToolSpec t : request.tools()) {
            chars += length(t.name()) + length(t.description()) + length(t.parametersSchema());
        }
        return (chars + 2) / 3 + framing;
    }

    /**
     * What an answer is charged: the tokens its provider reported, else (a server that reports
     * none) the same estimate as the reservation's, for the prompt and for what the model wrote
     * (its thinking too).
     */
    public static Usage charged(ChatResult result, ChatRequest request) {
        if (result.usage().total() > 0) {
            return result.usage();
        }
        long written = result.text().length() + result.thinkingChars();
        for (ToolCall c : result.toolCalls()) {
            written += c.name().length() + (c.argumentsJson() == null ? 0 : c.argumentsJson().length());
        }
        return estimate(request, written);
    }

    /** What a call that ended before its answer did is charged: nothing unless the model had begun to write. */
    public static Usage cutShort(ChatRequest request, long written) {
        return written == 0 ? Usage.NONE : estimate(request, written);
    }

    private static Usage estimate(ChatRequest request, long writtenChars) {
        return new Usage((int) Math.min(Integer.MAX_VALUE, promptTokens(request)),
                (int) Math.min(Integer.MAX_VALUE, (writtenChars + 2) / 3));
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }
}
