package dev.stratus.protocol.search;

/**
 * @param path workspace-relative path
 * @param line 1-based line
 * @param column 1-based column in UTF-16 code units
 * @param length match length in UTF-16 code units
 * @param preview the line's text (cut to 1000 characters)
 */
public record TextMatch(String path, int line, int column, int length, String preview) {
}
