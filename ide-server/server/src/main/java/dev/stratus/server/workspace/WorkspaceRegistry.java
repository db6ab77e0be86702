package dev.stratus.server.workspace;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The workspaces of this installation. */
public interface WorkspaceRegistry {

    /** All workspaces, sorted by id. */
    List<Workspace> list();

    /** One workspace by id. */
    Optional<Workspace> get(String id);

    /** The id of the user who registered a workspace, if it has one. */
    Optional<String> ownerOf(String id);

    /**
     * Registers a folder as a workspace (idempotent: the same folder keeps its id). The id comes
     * from the folder name, made URL-safe, with a numeric suffix if another folder has it.
     *
     * @throws IllegalArgumentException if {@code folder} is not an existing directory
     */
    Workspace register(Path folder, String ownerId);
}
