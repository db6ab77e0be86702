package dev.stratus.protocol.git;

/**
 * @param path file to blame (its working-tree content)
 */
public record GitBlameParams(String path) {
}
