package dev.stratus.protocol.lsp;

/**
 * @param id the registry id of the server ({@code typescript}, {@code pyright}, ...)
 * @param languageId the language of the socket that started it
 * @param state where the process is in its life
 * @param restarts how often it was restarted after a crash since it was first started
 * @param pid the operating-system process id while a process runs, else null
 */
public record LanguageServerProcessStatus(String id, String languageId, LanguageServerState state, int restarts, Long pid) {
}
