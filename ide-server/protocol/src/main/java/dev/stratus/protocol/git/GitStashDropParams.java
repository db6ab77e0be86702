package dev.stratus.protocol.git;

/**
 * @param index which stash to drop
 */
public record GitStashDropParams(Integer index) {
}
