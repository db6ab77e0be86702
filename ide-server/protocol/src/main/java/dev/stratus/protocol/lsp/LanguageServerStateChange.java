package dev.stratus.protocol.lsp;

/**
 * @param id the registry id of the server
 * @param state its new state
 * @param restarts how often it was restarted after a crash since it was first started
 * @param message why, for people (an exit code, the back-off, the crash limit), or null
 */
public record LanguageServerStateChange(String id, LanguageServerState state, int restarts, String message) {
}
