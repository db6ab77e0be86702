package dev.stratus.protocol.fs;

/**
 * @param path file to write
 * @param content new content in {@code encoding}
 * @param encoding {@code utf8} (default) or {@code base64}
 * @param expectedVersion if set, the write fails with Conflict unless the file is at this version
 * @param create whether a missing file may be created (default true)
 * @param overwrite whether an existing file may be replaced (default true)
 */
public record WriteParams(String path, String content, Encoding encoding, String expectedVersion,
                          Boolean create, Boolean overwrite) {
}
