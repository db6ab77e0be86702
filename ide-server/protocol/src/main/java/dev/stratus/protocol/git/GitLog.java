package dev.stratus.protocol.git;

import java.util.List;

/**
 * @param commits newest first
 */
public record GitLog(List<GitCommit> commits) {
}
