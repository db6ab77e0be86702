package dev.stratus.protocol.git;

/**
 * @param path a file or directory to limit the diff to; null for the whole repository
 * @param staged true for index against HEAD, false (default) for working tree against index
 */
public record GitDiffParams(String path, Boolean staged) {
}
