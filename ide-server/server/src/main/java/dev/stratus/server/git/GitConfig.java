package dev.stratus.server.git;

import java.time.Duration;

/**
 * Settings of the git service.
 *
 * @param progressInterval least time between two {@code git/progress} notifications of one task
 *     (default 100 ms, range 10 ms to 10 s); the first and the last update of a task are always sent
 * @param defaultLogCount commits {@code git/log} returns when {@code maxCount} is absent (default 100)
 * @param maxLogCount largest {@code maxCount} accepted (default 10000)
 * @param maxShowBytes largest blob {@code git/show} and {@code git/blame} read (default 8 MiB)
 * @param networkTimeout how long a remote may stay silent before a clone, fetch, pull or push
 *     fails with Unavailable (default 60 s)
 */
public record GitConfig(Duration progressInterval, int defaultLogCount, int maxLogCount, long maxShowBytes,
                        Duration networkTimeout) {
    public GitConfig {
        if (progressInterval.compareTo(Duration.ofMillis(10)) < 0 || progressInterval.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new IllegalArgumentException("progressInterval must be between 10 ms and 10 s");
        }
        if (defaultLogCount < 1 || maxLogCount < defaultLogCount) {
            throw new IllegalArgumentException("need 1 <= defaultLogCount <= maxLogCount");
        }
    }

    public static GitConfig defaults() {
        return new GitConfig(Duration.ofMillis(100), 100, 10_000, 8L << 20, Duration.ofSeconds(60));
    }
}
