package dev.stratus.protocol.fs;

/** @param watchId identifies the watch in notifications and in {@link FileService#unwatch} */
public record WatchResult(String watchId) {
}
