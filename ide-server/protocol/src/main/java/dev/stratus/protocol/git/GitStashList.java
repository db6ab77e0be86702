package dev.stratus.protocol.git;

import java.util.List;

/**
 * @param stashes newest first
 */
public record GitStashList(List<GitStashEntry> stashes) {
}
