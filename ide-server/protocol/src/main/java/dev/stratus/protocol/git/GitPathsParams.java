package dev.stratus.protocol.git;

import java.util.List;

/**
 * @param paths workspace-relative paths (files or directories)
 */
public record GitPathsParams(List<String> paths) {
}
