package dev.stratus.server.workspace;

import dev.stratus.server.storage.Jdbc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Workspace metadata in the {@code workspaces} table. */
public final class JdbcWorkspaceRegistry implements WorkspaceRegistry {
    private final Jdbc jdbc;
    private final Clock clock;

    public JdbcWorkspaceRegistry(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public List<Workspace> list() {
        return jdbc.list("SELECT id, name, root FROM workspaces ORDER BY id", rs ->
                new Workspace(rs.getString(1), rs.getString(2), Path.of(rs.getString(3))));
    }

    @Override
    public Optional<Workspace> get(String id) {
        return jdbc.one("SELECT id, name, root FROM workspaces WHERE id = ?", rs ->
                new Workspace(rs.getString(1), rs.getString(2), Path.of(rs.getString(3))), id);
    }

    @Override
    public Optional<String> ownerOf(String id) {
        return jdbc.one("SELECT owner_id FROM workspaces WHERE id = ?", rs -> rs.getString(1), id)
                .filter(owner -> owner != null);
    }

    @Override
    public synchronized Workspace register(Path folder, String ownerId) {
        Path root;
        try {
            root = folder.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("Workspace folder does not exist: " + folder);
        }
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("Workspace folder is not a directory: " + folder);
        }
        Optional<Workspace> existing = jdbc.one("SELECT id, name, root FROM workspaces WHERE root = ?", rs ->
                new Workspace(rs.getString(1), rs.getString(2), Path.of(rs.getString(3))), root.toString());
        if (existing.isPresent()) {
            return existing.get();
        }
        String name = root.getFileName() == null ? "root" : root.getFileName().toString();
        String base = slug(name);
        String id = base;
        for (int i = 2; get(id).isPresent(); i++) {
            id = base + "-" + i;
        }
        jdbc.update("INSERT INTO workspaces(id, name, root, owner_id, created_at) VALUES (?, ?, ?, ?, ?)",
                id, name, root.toString(), ownerId, clock.instant());
        return new Workspace(id, name, root);
    }

    /** Lower-case letters, digits, '-', '_' and '.', at most 48 characters, never empty. */
    static String slug(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-").replaceAll("^[-.]+|[-.]+$", "");
        if (s.length() > 48) {
            s = s.substring(0, 48);
        }
        return s.isEmpty() ? "workspace" : s;
    }
}
