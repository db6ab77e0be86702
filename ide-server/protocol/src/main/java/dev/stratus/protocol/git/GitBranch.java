package dev.stratus.protocol.git;

/**
 * @param name short name ({@code main}, {@code origin/main})
 * @param remote whether this is a remote-tracking branch
 * @param id commit id the branch points to
 * @param upstream for a local branch, its upstream short name, or null
 */
public record GitBranch(String name, boolean remote, String id, String upstream) {
}
