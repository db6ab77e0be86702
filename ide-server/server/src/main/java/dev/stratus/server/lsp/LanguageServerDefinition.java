package dev.stratus.server.lsp;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One entry of the language-server registry ({@code language-servers/servers.json}).
 *
 * @param id stable identifier ({@code [a-z0-9-]+}), unique in the registry
 * @param name what users read
 * @param languages Monaco/LSP language ids the server handles (at least one)
 * @param filePatterns file-name globs of those languages (informational, for listings)
 * @param command the process to start: the first element is a path relative to the install
 *        folder when it contains a {@code /}, an absolute path, or a name looked up on the PATH
 * @param install how the server is installed
 * @param initializationOptions sent in the relay's {@code initialize}, or null
 * @param isDefault whether {@code language-servers install} without ids installs it
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record LanguageServerDefinition(String id, String name, List<String> languages, List<String> filePatterns,
                                       List<String> command, Install install, JsonNode initializationOptions,
                                       @JsonProperty("default") boolean isDefault) {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    /**
     * How a server is installed: npm packages (into the install folder), Debian packages, or by
     * the user (with instructions). Exactly one is set.
     *
     * @param npm package specs with exact versions, e.g. {@code pyright@1.1.414}
     * @param apt Debian package names
     * @param external instructions for a server Stratus cannot install
     */
    public record Install(List<String> npm, List<String> apt, String external) {

        /** {@code npm}, {@code apt} or {@code external}. */
        public String method() {
            return npm != null ? "npm" : apt != null ? "apt" : "external";
        }
    }

    /** Checks the entry; throws IllegalArgumentException naming the problem. */
    public LanguageServerDefinition {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("id must match " + ID.pattern() + ": " + id);
        }
        if (languages == null || languages.isEmpty() || languages.stream().anyMatch(l -> l == null || l.isBlank())) {
            throw new IllegalArgumentException(id + ": languages must list at least one language id");
        }
        if (command == null || command.isEmpty() || command.get(0) == null || command.get(0).isBlank()) {
            throw new IllegalArgumentException(id + ": command must name the program to start");
        }
        if (install == null) {
            throw new IllegalArgumentException(id + ": install is required (npm, apt or external)");
        }
        int methods = (install.npm() != null ? 1 : 0) + (install.apt() != null ? 1 : 0) + (install.external() != null ? 1 : 0);
        if (methods != 1) {
            throw new IllegalArgumentException(id + ": install must have exactly one of npm, apt, external");
        }
        name = name == null || name.isBlank() ? id : name;
        languages = List.copyOf(languages);
        filePatterns = filePatterns == null ? List.of() : List.copyOf(filePatterns);
        command = List.copyOf(command);
    }
}
