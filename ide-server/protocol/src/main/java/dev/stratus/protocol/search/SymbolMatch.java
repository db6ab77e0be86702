package dev.stratus.protocol.search;

/**
 * @param name the symbol's name
 * @param kind {@code class}, {@code interface}, {@code enum}, {@code function}, {@code method}, {@code type}, {@code variable}, ...
 * @param path workspace-relative path
 * @param line 1-based line of the declaration
 */
public record SymbolMatch(String name, String kind, String path, int line) {
}
