package dev.stratus.extension.api;

/**
 * Language servers added to the server's registry (next to the built-in {@code servers.json}).
 *
 * @since 1.0
 */
public interface LanguageServers {

    /**
     * Adds a language server. Workspaces use it for sockets opened after this call.
     *
     * @param server the definition
     * @return the registration; closing it removes the definition (running processes stop when
     *     idle)
     * @throws IllegalArgumentException if a server with that id is registered already
     * @since 1.0
     */
    Registration register(LanguageServerDefinition server);
}
