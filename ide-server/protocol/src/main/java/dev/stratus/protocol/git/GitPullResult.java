package dev.stratus.protocol.git;

import java.util.List;

/**
 * @param updated whether the working tree changed
 * @param conflicts paths left with merge conflicts (empty when the pull merged cleanly)
 */
public record GitPullResult(boolean updated, List<String> conflicts) {
}
