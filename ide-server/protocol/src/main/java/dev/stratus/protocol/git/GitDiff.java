package dev.stratus.protocol.git;

/**
 * @param patch unified diff (git format); empty when nothing differs
 */
public record GitDiff(String patch) {
}
