package dev.stratus.protocol.git;

/**
 * @param id id of the new commit
 */
public record GitCommitResult(String id) {
}
