package dev.stratus.protocol.search;

import java.util.List;

/**
 * @param paths best matches first
 */
public record SearchFilesResult(List<String> paths) {
}
