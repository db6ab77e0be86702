package dev.stratus.server.workspace;

import java.nio.file.Path;

/**
 * A registered workspace.
 *
 * @param id URL-safe id, unique in this installation
 * @param name display name
 * @param root real path of the workspace folder
 */
public record Workspace(String id, String name, Path root) {
}
