package dev.stratus.examples.todo;

/**
 * One TODO-style comment.
 *
 * @param path the file, workspace-relative
 * @param line 1-based line
 * @param column 1-based column of the tag, in UTF-16 code units
 * @param tag the tag, for example {@code "FIXME"}
 * @param text what follows the tag, trimmed (may be empty)
 */
public record TodoItem(String path, int line, int column, String tag, String text) {
}
