package dev.stratus.protocol.git;

/**
 * @param message the commit message (must not be blank)
 * @param amend replace the last commit instead of adding one
 */
public record GitCommitParams(String message, Boolean amend) {
}
