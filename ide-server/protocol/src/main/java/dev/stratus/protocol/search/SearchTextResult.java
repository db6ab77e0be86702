package dev.stratus.protocol.search;

import java.util.List;

/**
 * @param matches matches sorted by path, then position
 * @param truncated whether more matches exist than were returned
 * @param tookMs server time taken
 */
public record SearchTextResult(List<TextMatch> matches, boolean truncated, long tookMs) {
}
