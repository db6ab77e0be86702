package dev.stratus.extension.api;

import java.util.List;

/**
 * A language server started as a process speaking LSP over stdin/stdout.
 *
 * @param id unique id: lower-case letters, digits and {@code -} (at most 63), for example {@code "lua"}
 * @param name display name
 * @param languages Monaco language ids it serves, for example {@code ["lua"]}
 * @param filePatterns globs of the files it serves, for example {@code ["**&#47;*.lua"]}
 * @param command the program and its arguments, started directly (no shell) in the workspace
 *     root with the server's allow-listed environment; the program is looked up on the
 *     {@code PATH}, or is an absolute path
 * @since 1.0
 */
public record LanguageServerDefinition(String id, String name, List<String> languages, List<String> filePatterns,
                                       List<String> command) {

    /**
     * Checks and copies the components.
     *
     * @since 1.0
     */
    public LanguageServerDefinition {
        if (id == null || !id.matches("[a-z0-9][a-z0-9-]{0,62}") || name == null || languages == null
                || languages.isEmpty() || filePatterns == null || command == null || command.isEmpty()) {
            throw new IllegalArgumentException("id (lower-case), name, languages and command are required");
        }
        languages = List.copyOf(languages);
        filePatterns = List.copyOf(filePatterns);
        command = List.copyOf(command);
    }
}
