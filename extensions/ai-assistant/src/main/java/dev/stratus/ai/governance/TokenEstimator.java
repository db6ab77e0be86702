package dev.stratus.ai.governance;

import dev.stratus.ai.model.ChatMessage;
import dev.stratus.ai.model.ChatRequest;
import dev.stratus.ai.model.ToolCall;
import dev.stratus.ai.model.ToolSpec;

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
        long output = request.maxOutputTokens() != null ? request.maxOutputTokens() : defaultMaxOutput;
        return promptTokens(request) + Math.max(0, output);
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

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }
}
