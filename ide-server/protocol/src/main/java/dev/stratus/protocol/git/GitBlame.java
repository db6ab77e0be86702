package dev.stratus.protocol.git;

import java.util.List;

/**
 * @param lines one entry per line of the file
 */
public record GitBlame(List<GitBlameLine> lines) {
}
