package dev.stratus.protocol.git;

/**
 * @param path limit to commits touching this path; null for all
 * @param maxCount at most this many commits (default 100, at most 10000)
 */
public record GitLogParams(String path, Integer maxCount) {
}
