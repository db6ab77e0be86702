package dev.stratus.ai.chat;

import java.util.Map;

/** System prompts per task: short, direct, and the same for every provider. */
public final class Prompts {
    private static final String BASE = "You are the coding assistant of Stratus, a self-hosted IDE. Answer precisely and"
            + " briefly, in Markdown. Put code in fenced blocks with the language. Use the workspace context given;"
            + " say when it is not enough rather than guess.";
    private static final Map<String, String> TASKS = Map.ofEntries(
            Map.entry("fix-syntax", "Fix the syntax error. Reply with the corrected code only."),
            Map.entry("quick-fix", "Fix the reported problem with the smallest change. Explain in one sentence."),
            Map.entry("commit-message", "Write a conventional, imperative commit message: a subject under 72 characters,"
                    + " a blank line, then why."),
            Map.entry("explain", "Explain what the code does and why, for a developer new to it."),
            Map.entry("document", "Write documentation comments for the code in its language's convention."),
            Map.entry("generate-tests", "Write unit tests for the code with the project's test framework."),
            Map.entry("refactor-file", "Refactor as asked, keeping behaviour. Show the changed code."),
            Map.entry("refactor-multi-file", "Plan and show the refactoring across files, keeping behaviour."),
            Map.entry("design", "Discuss the design: options, trade-offs, a recommendation."));
    private static final String EDIT = "You edit one file. Reply with the complete new content of the file (or of the"
            + " selected lines when a selection is given) in a single fenced code block, and nothing else.";

    private Prompts() {
    }

    public static String system(String task) {
        String t = task == null ? null : TASKS.get(task);
        return t == null ? BASE : BASE + "\n\n" + t;
    }

    public static String edit() {
        return BASE + "\n\n" + EDIT;
    }
}
