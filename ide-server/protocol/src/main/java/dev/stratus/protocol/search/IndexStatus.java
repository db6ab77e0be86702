package dev.stratus.protocol.search;

/**
 * @param state {@code indexing} or {@code ready}
 * @param indexedFiles files indexed so far
 * @param totalFiles files to index (0 while still counting)
 */
public record IndexStatus(String state, int indexedFiles, int totalFiles) {
}
