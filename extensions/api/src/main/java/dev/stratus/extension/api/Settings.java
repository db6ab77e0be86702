package dev.stratus.extension.api;

import java.util.Set;
import java.util.function.Consumer;

/**
 * The settings the manifest declares in {@code contributes.settings}. Users change them in the
 * Settings view, per user or per workspace; the effective value is the workspace's, else the
 * user's, else the manifest's default.
 *
 * @since 1.0
 */
public interface Settings {

    /**
     * The effective value of a setting for a caller.
     *
     * @param caller the user, and the workspace when the call has one
     * @param key a key the manifest declares, for example {@code "todo-tree.tags"}
     * @param type the type to bind the JSON value to ({@code String.class}, {@code
     *     Boolean.class}, {@code Integer.class}, {@code java.util.List.class}, a record, ...)
     * @param <T> the type
     * @return the value
     * @throws IllegalArgumentException if the manifest does not declare {@code key}, or the
     *     value does not bind to {@code type}
     * @since 1.0
     */
    <T> T get(Caller caller, String key, Class<T> type);

    /**
     * Listens for changes of this extension's settings.
     *
     * @param listener called with the changed keys and the scope they changed in
     * @return the registration
     * @since 1.0
     */
    Registration onDidChange(Consumer<Change> listener);

    /**
     * A change of settings at one scope.
     *
     * @param keys the keys that changed
     * @param userId the user whose settings changed, when the scope is a user
     * @param workspaceId the workspace whose settings changed, when the scope is a workspace
     * @since 1.0
     */
    record Change(Set<String> keys, String userId, String workspaceId) {
    }
}
