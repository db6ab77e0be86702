package dev.stratus.protocol.extension;

import java.util.List;

/**
 * One extension as the Extensions view shows it.
 *
 * @param id the manifest's id (the jar's file name when the manifest cannot be read)
 * @param name display name
 * @param version the extension's version
 * @param description what it does
 * @param api the API version range it needs
 * @param builtIn true for the server's own extensions
 * @param state {@code inactive}, {@code active} or {@code failed}
 * @param failure why it failed, when it did; to a caller who is not an administrator, only a fixed
 *     sentence saying that it did (the reason may quote server paths)
 * @param permissions what it may do in workspaces
 * @param activationEvents when it is activated
 */
public record ExtensionInfo(String id, String name, String version, String description, String api, boolean builtIn,
                            String state, String failure, List<String> permissions, List<String> activationEvents) {
}
