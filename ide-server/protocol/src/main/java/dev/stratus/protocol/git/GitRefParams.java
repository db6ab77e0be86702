package dev.stratus.protocol.git;

/**
 * @param ref a branch name, remote branch, tag or commit id
 */
public record GitRefParams(String ref) {
}
