package dev.stratus.ai.provider;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The context a server says it serves when it refuses a request as too long. A server may report
 * a larger context than it serves (Ollama reports a model's native context while its
 * {@code num_ctx} is smaller), so what it says on refusing is what counts. Only wordings that
 * name the limit itself are read: a number that might be the request's size is never taken for
 * it, since a limit read too high would rule out deployments that hold the request.
 */
final class StatedContext {
    private static final List<Pattern> WORDINGS = List.of(
            // OpenAI and vLLM: "This model's maximum context length is 4096 tokens."
            Pattern.compile("maximum context length is (\\d+) tokens", Pattern.CASE_INSENSITIVE),
            // vLLM: "... is longer than the maximum model length of 4096."
            Pattern.compile("maximum model length (?:of|is) (\\d+)", Pattern.CASE_INSENSITIVE),
            // llama.cpp: "n_ctx": 4096 in the error object, or "exceeds the available context size (4096 tokens)"
            Pattern.compile("\"n_ctx\"\\s*:\\s*(\\d+)"),
            Pattern.compile("available context size \\((\\d+) tokens\\)", Pattern.CASE_INSENSITIVE),
            // Proxies and others: "the context length is 4096", "a context window of 4096 tokens" (Ollama's
            // "the input length exceeds the context length" names no number: the limit stays unknown)
            Pattern.compile("context (?:length|window) (?:of|is) (\\d+)", Pattern.CASE_INSENSITIVE),
            // TGI: "`inputs` tokens + `max_new_tokens` must be <= 4096"
            Pattern.compile("max_new_tokens. must be <= (\\d+)", Pattern.CASE_INSENSITIVE),
            // Anthropic: "prompt is too long: 208000 tokens > 200000 maximum"
            Pattern.compile("prompt is too long: \\d+ tokens > (\\d+) maximum", Pattern.CASE_INSENSITIVE));

    private StatedContext() {
    }

    /** The context {@code errorText} (a response body or an error's message) states, or null. */
    static Integer in(String errorText) {
        if (errorText == null) {
            return null;
        }
        for (Pattern p : WORDINGS) {
            Matcher m = p.matcher(errorText);
            if (m.find()) {
                try {
                    int tokens = Integer.parseInt(m.group(1));
                    return tokens > 0 ? tokens : null;
                } catch (NumberFormatException tooLong) {
                    return null;
                }
            }
        }
        return null;
    }
}
