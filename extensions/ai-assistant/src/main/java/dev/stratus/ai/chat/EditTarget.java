package dev.stratus.ai.chat;

import java.util.ArrayList;
import java.util.List;

/**
 * The lines of a file that an Edit with AI asks a model to change (a selection, or all of them),
 * and the file put back together around the model's answer.
 *
 * @param oldText the file as it was read
 * @param lines its lines, without their endings
 * @param from the first line to change, from 1
 * @param to the last line to change, inclusive
 */
record EditTarget(String oldText, List<String> lines, int from, int to) {
    /** The lines {@code startLine}-{@code endLine} of {@code oldText} (either null: from the start, to the end). */
    static EditTarget of(String oldText, Integer startLine, Integer endLine) {
        List<String> lines = oldText.lines().toList();
        return new EditTarget(oldText, lines, startLine != null ? Math.max(1, startLine) : 1,
                endLine != null ? Math.min(lines.size(), endLine) : lines.size());
    }

    boolean partial() {
        return from > 1 || to < lines.size();
    }

    /** The lines the model is given. */
    String text() {
        return String.join("\n", lines.subList(from - 1, Math.max(from - 1, to)));
    }

    /** What the model is asked: the instruction, then the lines in a fence named for the file's type. */
    String prompt(String path, String instruction, String problems) {
        String lang = path.contains(".") ? path.substring(path.lastIndexOf('.') + 1) : "";
        return "Instruction: " + instruction + problems + "\n\n" + (partial() ? "Lines " + from + "-" + to + " of " : "File ")
                + path + ":\n```" + lang + "\n" + text() + "\n```";
    }

    /**
     * The file with {@code replacement} in place of the target lines. It keeps its line endings:
     * a CRLF file rejoined with LF would differ on every line.
     */
    String splice(String replacement) {
        List<String> out = new ArrayList<>(lines.subList(0, from - 1));
        out.addAll(replacement.lines().toList());
        out.addAll(lines.subList(Math.max(from - 1, to), lines.size()));
        String eol = oldText.contains("\r\n") ? "\r\n" : "\n";
        return String.join(eol, out) + (oldText.endsWith("\n") ? eol : "");
    }
}
