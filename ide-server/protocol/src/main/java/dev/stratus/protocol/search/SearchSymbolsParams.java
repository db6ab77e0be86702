package dev.stratus.protocol.search;

/**
 * @param query characters of the symbol name in order (fuzzy); empty lists all
 * @param maxResults at most this many (default 100, at most 1000)
 */
public record SearchSymbolsParams(String query, Integer maxResults) {
}
