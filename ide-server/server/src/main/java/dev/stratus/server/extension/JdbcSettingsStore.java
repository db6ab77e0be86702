package dev.stratus.server.extension;

import dev.stratus.server.storage.Jdbc;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Setting values in the metadata database (table {@code settings}). */
public final class JdbcSettingsStore implements SettingsStore {
    private final Jdbc jdbc;

    public JdbcSettingsStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<String, String> values(Scope scope, String ownerId) {
        Map<String, String> out = new LinkedHashMap<>();
        jdbc.list("SELECT setting_key, value_json FROM settings WHERE scope = ? AND owner_id = ? ORDER BY setting_key",
                rs -> out.put(rs.getString(1), rs.getString(2)), name(scope), ownerId);
        return out;
    }

    @Override
    public synchronized void put(Scope scope, String ownerId, String key, String json) {
        jdbc.update("DELETE FROM settings WHERE scope = ? AND owner_id = ? AND setting_key = ?", name(scope), ownerId, key);
        if (json != null) {
            jdbc.update("INSERT INTO settings(scope, owner_id, setting_key, value_json) VALUES (?, ?, ?, ?)",
                    name(scope), ownerId, key, json);
        }
    }

    private static String name(Scope scope) {
        return scope.name().toLowerCase(Locale.ROOT);
    }
}
