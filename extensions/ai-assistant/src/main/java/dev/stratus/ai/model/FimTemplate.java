package dev.stratus.ai.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a fill-in-the-middle completion reaches a model: OpenAI's {@code suffix} field, or written into
 * the prompt in the model family's own tokens, for servers that take no {@code suffix} (vLLM, TGI).
 * A template's stop tokens end the answer; its special tokens are taken out of the code put in it
 * ({@link #prompt}), so code that holds one cannot end the prefix or the suffix early.
 */
public enum FimTemplate {
    /** The {@code suffix} field, the server applying the model's template (llama.cpp, Ollama, OpenAI). */
    SUFFIX("suffix", "", "", "", false, List.of()),
    /** Qwen2.5-Coder and later Qwen coders. */
    QWEN("qwen", "<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>", false,
            List.of("<|endoftext|>", "<|fim_pad|>", "<|repo_name|>", "<|file_sep|>", "<|im_start|>", "<|im_end|>")),
    /** Code Llama. */
    CODELLAMA("codellama", "<PRE> ", " <SUF>", " <MID>", false, List.of("<EOT>")),
    /** DeepSeek-Coder. */
    DEEPSEEK("deepseek", "<｜fim▁begin｜>", "<｜fim▁hole｜>", "<｜fim▁end｜>", false, List.of("<｜end▁of▁sentence｜>")),
    /** StarCoder, StarCoder2, Stable Code. */
    STARCODER("starcoder", "<fim_prefix>", "<fim_suffix>", "<fim_middle>", false, List.of("<|endoftext|>", "<file_sep>")),
    /** CodeGemma. */
    CODEGEMMA("codegemma", "<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>", false,
            List.of("<|file_separator|>", "<end_of_turn>", "<eos>")),
    /** Codestral: the suffix first. */
    CODESTRAL("codestral", "[PREFIX]", "[SUFFIX]", "", true, List.of());

    private final String id;
    private final String prefixToken;
    private final String suffixToken;
    private final String middleToken;
    private final boolean suffixFirst;
    private final List<String> stops;

    FimTemplate(String id, String prefixToken, String suffixToken, String middleToken, boolean suffixFirst, List<String> extraStops) {
        this.id = id;
        this.prefixToken = prefixToken;
        this.suffixToken = suffixToken;
        this.middleToken = middleToken;
        this.suffixFirst = suffixFirst;
        List<String> all = new ArrayList<>();
        for (String t : List.of(prefixToken, suffixToken, middleToken)) {
            if (!t.isBlank()) {
                all.add(t.strip());
            }
        }
        all.addAll(extraStops);
        this.stops = List.copyOf(all);
    }

    /** Its name in {@code stratus.yaml} ({@code fim:}). */
    public String id() {
        return id;
    }

    /** The ids, in order, for people. */
    public static String ids() {
        return String.join(", ", java.util.Arrays.stream(values()).map(FimTemplate::id).toList());
    }

    /** The template named {@code id}; IllegalArgumentException for another name. */
    public static FimTemplate of(String id) {
        for (FimTemplate t : values()) {
            if (t.id.equals(id)) {
                return t;
            }
        }
        throw new IllegalArgumentException("no fill-in-the-middle template " + id);
    }

    /**
     * The template of the model named {@code model}, told from its name as Continue's autocomplete
     * does; null when the name says nothing (the server may still take a {@code suffix}).
     */
    public static FimTemplate forModel(String model) {
        String m = model.toLowerCase(Locale.ROOT);
        if (m.contains("qwen") && m.contains("coder")) {
            return QWEN;
        }
        if (m.contains("codestral")) {
            return CODESTRAL;
        }
        if (m.contains("codegemma")) {
            return CODEGEMMA;
        }
        if (m.contains("codellama") || m.contains("code-llama") || m.contains("code_llama")) {
            return CODELLAMA;
        }
        if (m.contains("deepseek") && m.contains("coder")) {
            return DEEPSEEK;
        }
        if (m.contains("starcoder") || m.contains("star-coder") || m.contains("stable-code") || m.contains("stablecode")) {
            return STARCODER;
        }
        return null;
    }

    /** Whether the prompt carries the suffix ({@code false} for {@link #SUFFIX}, which sends it apart). */
    public boolean inPrompt() {
        return this != SUFFIX;
    }

    /** The sequences that end its answer (its own tokens among them); never part of an answer. */
    public List<String> stops() {
        return stops;
    }

    /**
     * The prompt for {@code prefix} and {@code suffix}, each without this template's special tokens
     * (taken out until none is left, so that removing one cannot join the pieces of another).
     */
    public String prompt(String prefix, String suffix) {
        String p = withoutTokens(prefix);
        String s = withoutTokens(suffix);
        return suffixFirst ? suffixToken + s + prefixToken + p
                : prefixToken + p + suffixToken + s + middleToken;
    }

    /** A fill-in-the-middle prompt's two parts, as {@link #parts} takes them out of a template. */
    public record Parts(String prefix, String suffix) {
    }

    /**
     * The prefix and the suffix of {@code prompt} written in this template ({@link #prompt}'s inverse), or null
     * when it is not: it ends with the middle token, holds the suffix token once and no other of its tokens, and
     * starts with the prefix token, unless the client cut a long prompt from the top, as Continue does.
     * Only for a template whose prefix comes first and that has a middle token; null for any other.
     */
    public Parts parts(String prompt) {
        if (suffixFirst || middleToken.isEmpty() || !prompt.endsWith(middleToken)) {
            return null;
        }
        String body = prompt.substring(prompt.startsWith(prefixToken) ? prefixToken.length() : 0, prompt.length() - middleToken.length());
        int at = body.indexOf(suffixToken);
        if (at < 0 || body.indexOf(suffixToken, at + 1) >= 0 || body.contains(prefixToken) || body.contains(middleToken)) {
            return null;
        }
        return new Parts(body.substring(0, at), body.substring(at + suffixToken.length()));
    }

    /** {@code code} without this template's special tokens. */
    public String withoutTokens(String code) {
        String out = code;
        boolean removed = true;
        while (removed) {
            removed = false;
            for (String t : stops) {
                if (out.contains(t)) {
                    out = out.replace(t, "");
                    removed = true;
                }
            }
        }
        return out;
    }
}
