package dev.stratus.protocol.git;

/**
 * @param id id of the stash commit, or null when there was nothing to stash
 */
public record GitStashResult(String id) {
}
