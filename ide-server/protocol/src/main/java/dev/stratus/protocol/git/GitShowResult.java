package dev.stratus.protocol.git;

/**
 * The content of a file at a ref, for diff views and gutter markers.
 *
 * @param exists false when the file does not exist at that ref
 * @param binary true when the content is not text (content is then null)
 * @param content UTF-8 text
 */
public record GitShowResult(boolean exists, boolean binary, String content) {
}
