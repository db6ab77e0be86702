package dev.stratus.protocol.fs;

/**
 * @param path directory (or file) to watch
 * @param recursive whether the whole tree below is watched (default false)
 */
public record WatchParams(String path, Boolean recursive) {
}
