package dev.stratus.protocol.fs;

/**
 * @param content the file's content in {@code encoding}
 * @param encoding how {@code content} is encoded
 * @param version version of the content read, for a later {@link WriteParams#expectedVersion()}
 */
public record ReadResult(String content, Encoding encoding, String version) {
}
