package dev.stratus.protocol.git;

/**
 * @param id full commit id
 * @param author author name
 * @param email author e-mail
 * @param time author time, milliseconds since the epoch
 * @param message full commit message
 */
public record GitCommit(String id, String author, String email, long time, String message) {
}
