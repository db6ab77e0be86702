package dev.stratus.protocol.git;

/**
 * @param path workspace-relative folder the repository was cloned into
 */
public record GitCloneResult(String path) {
}
