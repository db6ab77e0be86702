package dev.stratus.protocol.git;

/**
 * @param path file path
 * @param ref {@code "HEAD"} (default), {@code "INDEX"} for the staged version, or any commit-ish
 */
public record GitShowParams(String path, String ref) {
}
