package dev.stratus.protocol.git;

/**
 * @param line 1-based line number
 * @param id commit that last changed the line, or null for uncommitted lines
 * @param author author name
 * @param email author e-mail
 * @param time author time, milliseconds since the epoch
 * @param summary first line of the commit message
 */
public record GitBlameLine(int line, String id, String author, String email, long time, String summary) {
}
