package dev.stratus.ai.router;

/**
 * What the chat scorer looks at, extracted offline from a prompt and its context
 * ({@link #extract(String, PromptContext)}); no model is called.
 *
 * <p>Prose and code are told apart first: fenced blocks ({@code ```} or {@code ~~~}), indented
 * blocks (two or more lines indented four spaces or a tab) and runs of three or more code-looking
 * lines are code; a fenced block that is mostly a stack trace counts as the trace, not as code.
 * Words are looked for in prose only, so {@code designMode} in a snippet is not a design question.
 * The word lists are in English, German, French, Spanish, Italian, Portuguese and Dutch, matched with
 * or without accents ({@code évolutivité}, {@code evolutivite}); prose in other languages is scored by
 * its structure only (size, code, traces, files, questions).
 * Only the first 16 KiB of characters are analysed (about 30 ns a character, so routing stays
 * under a millisecond); the rest of a longer paste counts towards the token estimate only.
 *
 * @param promptTokens estimated tokens of the prompt text: prose characters / 4 plus code and trace
 *     characters / 3 (symbols and short identifiers tokenise denser than English), rounded up. Within
 *     about ±25% of BPE tokenisers on English and mainstream languages, which is enough to pick a tier
 *     and to filter by context window with headroom; it is not a billing count
 * @param contextTokens tokens of attached files and selection, as the caller measured them
 * @param filesReferenced distinct files and folders: paths in the prose ({@code src/a/B.java},
 *     {@code ./x}, {@code pom.xml}), {@code @file} mentions, and attached files. URLs, names like
 *     {@code Node.js}, frames of stack traces and paths inside code blocks are not references
 * @param codeBlocks code blocks (fenced, indented, or unfenced runs of code lines)
 * @param stackTraces stack traces (Java and JS {@code at} frames, Python {@code File "…", line N},
 *     Go {@code file.go:N} frames, {@code goroutine N [}, {@code Traceback}, {@code Caused by:}),
 *     fenced or not; one trace per group of frames
 * @param designTerms distinct design and architecture terms in the prose: design, architect…,
 *     refactor across / across the codebase, migrat…, trade-off, scalab…, microservice/monolith,
 *     restructur…, decoupl…, strategy/plan/roadmap, comparing approaches (compare … approaches, vs, choosing between),
 *     and the same in the other languages (Architektur, Datenbankmigration, Abwägung; concevoir, compromis;
 *     escalabilidad, desacoplar; progettare; arquitetura; afwegingen, ontkoppelen)
 * @param reasoningCues distinct cues that the answer needs reasoning about code: explain, why, review,
 *     bug/debug, test, slow/performance/optimise/complexity, race condition/leak/flaky/deadlock, and the same
 *     in the other languages (warum, Speicherleck; pourquoi, lent, fuite; por qué; perché; waarom, traag)
 * @param questions question marks ending prose (not inside inline code or URLs)
 * @param depth prior turns of the conversation
 * @param quickCues small-task cues in the prose: typo, rename, one-liner, semicolon, indent…,
 *     unused import, syntax, "how do I", "what does … mean", command, and the same in the other languages
 *     (Tippfehler, umbenennen, Einrückung; faute de frappe, renommer; punto y coma; refuso; typfout)
 */
public record PromptFeatures(int promptTokens, int contextTokens, int filesReferenced, int codeBlocks, int stackTraces,
                             int designTerms, int reasoningCues, int questions, int depth, int quickCues) {

    /** Features of {@code prompt} with {@code context}; deterministic, never throws on odd text. */
    public static PromptFeatures extract(String prompt, PromptContext context) {
        return PromptFeatureExtractor.extract(prompt == null ? "" : prompt, context == null ? PromptContext.NONE : context);
    }

    /** Prompt plus attached context, the input side of a request. */
    public int inputTokens() {
        return promptTokens + contextTokens;
    }
}
