package dev.stratus.extension.api;

/**
 * An extension's meters, in the Prometheus text exposition format (version 0.0.4), added to the
 * server's {@code GET /metrics}. Name the metrics after the extension ({@code stratus_<id>_...})
 * so they never collide with the server's or another extension's. A scrape runs under the
 * extension's call time limit; one that fails or times out is left out of that response.
 *
 * @since 1.1
 */
@FunctionalInterface
public interface MetricsSource {

    /**
     * The current values.
     *
     * @return the exposition text: {@code # HELP} / {@code # TYPE} lines and samples
     * @since 1.1
     */
    String scrape();
}
