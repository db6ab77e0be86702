package dev.stratus.protocol.git;

/**
 * @param name new branch name
 * @param startPoint where it starts (default HEAD)
 * @param checkout whether to check it out (default true)
 */
public record GitCreateBranchParams(String name, String startPoint, Boolean checkout) {
}
