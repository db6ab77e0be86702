package dev.stratus.protocol.git;

/**
 * @param message stash message (default: git's "WIP on ...")
 * @param includeUntracked whether untracked files are stashed too (default false)
 */
public record GitStashParams(String message, Boolean includeUntracked) {
}
