package dev.stratus.ai.router;

import java.util.List;

/**
 * What comes with a chat prompt besides its text.
 *
 * @param files paths of attached files (the editor's selection, {@code @file} attachments); counted
 *     with the paths the prompt names
 * @param contextTokens tokens of that attached material (files, selection, retrieved snippets), ≥ 0
 * @param depth prior turns in the conversation (0 for a first message), ≥ 0
 */
public record PromptContext(List<String> files, int contextTokens, int depth) {
    /** No attachments, a first message. */
    public static final PromptContext NONE = new PromptContext(List.of(), 0, 0);

    public PromptContext {
        files = files == null ? List.of() : List.copyOf(files);
        if (contextTokens < 0 || depth < 0) {
            throw new IllegalArgumentException("contextTokens and depth are ≥ 0: " + contextTokens + ", " + depth);
        }
    }
}
