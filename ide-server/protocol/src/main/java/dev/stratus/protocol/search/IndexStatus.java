package dev.stratus.protocol.search;

/**
 * @param state {@code indexing} (a build or a reconciliation with the disk is running; searches
 *     answer from what is indexed so far), {@code ready}, or {@code unavailable} (the index could
 *     not be opened; searches fail with Unavailable)
 * @param indexedFiles files checked so far (unchanged files count at once)
 * @param totalFiles files to check (0 while still listing them)
 * @param reindexedFiles files read and (re)indexed since the server opened this index: 0 after a
 *     restart on an unchanged tree (v1 addition)
 */
public record IndexStatus(String state, int indexedFiles, int totalFiles, int reindexedFiles) {
}
