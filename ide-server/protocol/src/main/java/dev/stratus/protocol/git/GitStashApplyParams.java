package dev.stratus.protocol.git;

/**
 * @param index which stash (default 0)
 * @param drop whether to drop it after a clean apply ("pop"; default false)
 */
public record GitStashApplyParams(Integer index, Boolean drop) {
}
