package dev.stratus.server.extension;

import java.util.Map;

/** Where setting values are kept: per user and per workspace, as JSON text. */
public interface SettingsStore {
    /** {@code user} or {@code workspace}. */
    enum Scope { USER, WORKSPACE }

    /** Every value at one scope for one owner (a user id or a workspace id), by key. */
    Map<String, String> values(Scope scope, String ownerId);

    /** Sets ({@code json} not null) or removes ({@code json} null) one value. */
    void put(Scope scope, String ownerId, String key, String json);
}
