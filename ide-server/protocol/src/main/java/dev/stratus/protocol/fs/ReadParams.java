package dev.stratus.protocol.fs;

/**
 * @param path file to read
 * @param encoding {@code utf8} (default) or {@code base64}
 */
public record ReadParams(String path, Encoding encoding) {
}
