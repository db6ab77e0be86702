package dev.stratus.protocol.git;

import java.util.List;

/**
 * @param paths workspace-relative paths (files or directories); a trailing {@code /}, as in an
 *     untracked folder entry of {@link GitStatus}, names the same path
 */
public record GitPathsParams(List<String> paths) {
}
