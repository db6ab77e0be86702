package dev.stratus.extension.api;

/**
 * Something registered with the host. Closing it unregisters it (idempotent); whatever is still
 * registered when the extension is deactivated is closed by the host.
 *
 * @since 1.0
 */
@FunctionalInterface
public interface Registration extends AutoCloseable {

    /**
     * Unregisters. Calling it again does nothing.
     *
     * @since 1.0
     */
    @Override
    void close();
}
