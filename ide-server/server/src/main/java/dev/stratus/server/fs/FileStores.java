package dev.stratus.server.fs;

import dev.stratus.server.workspace.Workspace;

/** The file store and watcher of each workspace. */
public interface FileStores {

    /** The store of {@code workspace}, created on first use. */
    FileStore store(Workspace workspace);

    /** The watcher of {@code workspace}, created on first use. */
    WorkspaceWatcher watcher(Workspace workspace);
}
