package dev.stratus.protocol.git;

/**
 * @param index position in the stash list (0 is the newest)
 * @param id stash commit id
 * @param message stash message
 * @param time milliseconds since the epoch
 */
public record GitStashEntry(int index, String id, String message, long time) {
}
