package dev.stratus.server.search;

import java.time.Duration;

/**
 * Settings of the search feature.
 *
 * @param maxFileBytes files larger than this are not indexed for text search (default 1 MiB,
 *     like {@code rg --max-filesize 1M}); they still appear in file-name search
 * @param binaryProbeBytes a NUL byte within this many leading bytes marks a file binary (default 8 KiB)
 * @param defaultMaxResults matches {@code search/text} returns without {@code maxResults} (default 2000)
 * @param maxResultsLimit the largest {@code maxResults} honoured (default 20000; larger values are clamped)
 * @param regexLineTimeout how long a regular expression may run on one line before the search
 *     fails with Unavailable (default 1 s)
 * @param searchTimeout how long one text search may run in all (default 30 s)
 * @param commitEveryFiles during a (re)build, the index is committed after this many files, so a
 *     crash loses at most that much work (default 2000, at least 1)
 * @param indexThreads threads reading and analysing files during a build (default: the number of
 *     processors, at least 1)
 */
public record SearchConfig(long maxFileBytes, int binaryProbeBytes, int defaultMaxResults, int maxResultsLimit,
                           Duration regexLineTimeout, Duration searchTimeout, int commitEveryFiles, int indexThreads) {

    public SearchConfig {
        if (maxFileBytes < 0 || binaryProbeBytes < 1 || defaultMaxResults < 1 || maxResultsLimit < defaultMaxResults
                || commitEveryFiles < 1 || indexThreads < 1) {
            throw new IllegalArgumentException("invalid search configuration");
        }
    }

    public static SearchConfig defaults() {
        return new SearchConfig(1L << 20, 8192, 2000, 20000, Duration.ofSeconds(1), Duration.ofSeconds(30), 2000,
                Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    /** The same settings with another commit interval (tests use small ones to observe crashes). */
    public SearchConfig withCommitEveryFiles(int files) {
        return new SearchConfig(maxFileBytes, binaryProbeBytes, defaultMaxResults, maxResultsLimit, regexLineTimeout,
                searchTimeout, files, indexThreads);
    }
}
