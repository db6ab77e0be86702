package dev.stratus.ai.router;

import dev.stratus.ai.model.Tier;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The IDE actions the assistant serves. Each one except {@link #CHAT} fixes a default tier; free-form
 * chat is scored from its prompt ({@link PromptScorer}).
 */
public enum Task {
    /** Fix a syntax error at the cursor. */
    FIX_SYNTAX("fix-syntax", Tier.SMALL),
    /** Quick fix for one diagnostic. */
    QUICK_FIX("quick-fix", Tier.SMALL),
    /** Write a commit message for the staged diff. */
    COMMIT_MESSAGE("commit-message", Tier.SMALL),
    /** Turn a proposed change into an edit that applies to the buffer. */
    APPLY_EDIT("apply-edit", Tier.SMALL),
    /** Explain the selection or file. */
    EXPLAIN("explain", Tier.MEDIUM),
    /** Write documentation comments. */
    DOCUMENT("document", Tier.MEDIUM),
    /** Generate unit tests for the selection or file. */
    GENERATE_TESTS("generate-tests", Tier.MEDIUM),
    /** Refactor within one file. */
    REFACTOR_FILE("refactor-file", Tier.MEDIUM),
    /** Refactor across several files. */
    REFACTOR_MULTI_FILE("refactor-multi-file", Tier.LARGE),
    /** Design or architecture work. */
    DESIGN("design", Tier.LARGE),
    /** Free-form chat: no fixed tier, the prompt is scored. */
    CHAT("chat", null);

    private final String id;
    private final Tier defaultTier;

    Task(String id, Tier defaultTier) {
        this.id = id;
        this.defaultTier = defaultTier;
    }

    /** The wire and configuration id, kebab case ({@code quick-fix}). */
    public String id() {
        return id;
    }

    /** The built-in tier; empty for {@link #CHAT}, whose tier the scorer picks. */
    public Optional<Tier> defaultTier() {
        return Optional.ofNullable(defaultTier);
    }

    /**
     * The task with this wire id (case and surrounding blanks ignored).
     *
     * @throws RouterConfigException naming the valid ids when there is none
     */
    public static Task of(String id) {
        String wanted = id == null ? "" : id.strip().toLowerCase(Locale.ROOT);
        for (Task t : values()) {
            if (t.id.equals(wanted)) {
                return t;
            }
        }
        throw new RouterConfigException("unknown task '" + id + "'; known tasks: " + ids());
    }

    static String ids() {
        return Arrays.stream(values()).map(Task::id).collect(Collectors.joining(", "));
    }
}
