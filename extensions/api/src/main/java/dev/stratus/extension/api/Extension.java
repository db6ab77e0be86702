package dev.stratus.extension.api;

/**
 * An extension's entry point: the {@code main} class of its manifest. The host creates one
 * instance with the public no-argument constructor, in the extension's own class loader.
 *
 * @since 1.0
 */
public interface Extension {

    /**
     * Called once, when the first of the manifest's activation events happens. Register
     * commands, RPC services, tools, routes and listeners through {@code context}. An exception
     * marks the extension failed (with the exception's message as the reason) and releases
     * whatever it registered; other extensions and the server are not affected.
     *
     * @param context this extension's view of the host; valid until {@link #deactivate()}
     * @throws Exception when the extension cannot start
     * @since 1.0
     */
    void activate(ExtensionContext context) throws Exception;

    /**
     * Called once when the server stops or the extension is removed, before the host releases
     * everything registered through the context. Release what the host does not know about
     * (threads, files, connections). Bounded by the host's call time limit.
     *
     * @throws Exception logged; the extension is deactivated anyway
     * @since 1.0
     */
    default void deactivate() throws Exception {
    }

    /**
     * Called when an edit of the running server's configuration file changes the section the
     * manifest names in {@code contributes.configuration}, before the host falls back to
     * deactivating the extension and activating it again with the new section. An extension that
     * can take the new section as it runs does so here and returns true: its registrations stay,
     * the work it has in flight goes on, and {@link ExtensionContext#configuration()} returns the
     * new section from then on. Bounded by the host's call time limit.
     *
     * @param section the new section as JSON text; empty when the file no longer has one
     * @return true when the extension now runs with {@code section}; false (what extensions that
     *     do not override this answer) to be deactivated and activated again with it
     * @throws Exception logged; the extension is then deactivated and activated again, as for false
     * @since 1.6
     */
    default boolean reconfigure(java.util.Optional<String> section) throws Exception {
        return false;
    }
}
