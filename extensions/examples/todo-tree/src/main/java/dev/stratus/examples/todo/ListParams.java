package dev.stratus.examples.todo;

/**
 * What to list; both members are optional.
 *
 * @param path only TODOs in this folder or file (workspace-relative, for example {@code "src/main"});
 *     {@code null} or empty for the whole workspace
 * @param tag only this tag (letters, digits, {@code _} and {@code -}), whether or not the
 *     {@code todo-tree.tags} setting names it; {@code null} or empty for the setting's tags
 */
public record ListParams(String path, String tag) {

    /**
     * Everything the settings ask for.
     *
     * @return no filter
     */
    public static ListParams all() {
        return new ListParams(null, null);
    }
}
