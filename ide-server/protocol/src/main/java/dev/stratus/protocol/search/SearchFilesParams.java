package dev.stratus.protocol.search;

/**
 * @param query characters that must appear in the path in order (fuzzy)
 * @param maxResults at most this many (default 50, at most 1000)
 */
public record SearchFilesParams(String query, Integer maxResults) {
}
