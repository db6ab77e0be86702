package dev.stratus.server.fs;

import java.time.Duration;

/**
 * @param maxRpcReadBytes largest file {@code fs/read} returns (default 8 MiB); bigger files are
 *     read over the streamed HTTP route
 * @param maxRpcWriteBytes largest decoded content {@code fs/write} accepts (default 8 MiB)
 * @param maxUploadBytes largest body the HTTP upload route accepts (default 4 GiB)
 * @param watchDebounce how long change events are collected before one {@code fs/didChange} is
 *     sent (default 75 ms, range 10 ms to 5 s)
 */
public record FsConfig(long maxRpcReadBytes, long maxRpcWriteBytes, long maxUploadBytes, Duration watchDebounce) {
    public static FsConfig defaults() {
        return new FsConfig(8L << 20, 8L << 20, 4L << 30, Duration.ofMillis(75));
    }
}
