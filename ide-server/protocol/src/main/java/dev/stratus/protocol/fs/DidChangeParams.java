package dev.stratus.protocol.fs;

import java.util.List;

/**
 * @param watchId the watch these changes belong to
 * @param changes changes in the order observed, coalesced per path within the debounce window
 */
public record DidChangeParams(String watchId, List<FileChange> changes) {
}
