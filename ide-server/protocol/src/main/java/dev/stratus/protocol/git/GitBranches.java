package dev.stratus.protocol.git;

import java.util.List;

/**
 * @param current the checked-out branch, or null when detached
 * @param branches local branches first, then remote-tracking ones, each sorted by name
 */
public record GitBranches(String current, List<GitBranch> branches) {
}
