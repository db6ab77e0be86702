package dev.stratus.extension.api;

import java.util.List;

/**
 * Files of a workspace. Errors are {@link ExtensionException}s ({@code NOT_FOUND}, {@code
 * ALREADY_EXISTS}, {@code CONFLICT}, {@code PERMISSION_DENIED}, {@code INVALID_PARAMS} for a
 * path outside the workspace).
 *
 * @since 1.0
 */
public interface WorkspaceFiles {

    /**
     * A file's text (UTF-8). Needs {@link Permission#FILES_READ}.
     *
     * @param path the file
     * @return its content
     * @since 1.0
     */
    String read(String path);

    /**
     * Writes a file atomically (readers see the old or the new content, never a mix), creating
     * it and its folders if needed. Needs {@link Permission#FILES_WRITE}.
     *
     * @param path the file
     * @param content the new content, written as UTF-8
     * @since 1.0
     */
    void write(String path, String content);

    /**
     * Creates a file that does not exist yet (and its folders), atomically. Needs {@link
     * Permission#FILES_WRITE}.
     *
     * @param path the file
     * @param content its content, written as UTF-8
     * @throws ExtensionException {@code ALREADY_EXISTS} when there is a file there already
     * @since 1.1
     */
    default void create(String path, String content) {
        throw new ExtensionException(ExtensionException.Reason.UNAVAILABLE, "This host cannot create files");
    }

    /**
     * Deletes a file or an empty folder. Needs {@link Permission#FILES_WRITE}.
     *
     * @param path the file or folder
     * @since 1.0
     */
    void delete(String path);

    /**
     * A folder's entries. Needs {@link Permission#FILES_READ}.
     *
     * @param path the folder ({@code ""} is the root)
     * @return the entries, sorted by name
     * @since 1.0
     */
    List<FileEntry> list(String path);

    /**
     * One entry. Needs {@link Permission#FILES_READ}.
     *
     * @param path the file or folder
     * @return its details
     * @since 1.0
     */
    FileEntry stat(String path);

    /**
     * A file or folder.
     *
     * @param path workspace-relative path
     * @param directory true for a folder
     * @param size bytes (0 for folders)
     * @param mtime last change, milliseconds since the epoch
     * @param version the version the browser's editor knows the file by (what its saves are
     *     checked against); null when not known
     * @since 1.0
     */
    record FileEntry(String path, boolean directory, long size, long mtime, String version) {

        /**
         * An entry without a version.
         *
         * @param path workspace-relative path
         * @param directory true for a folder
         * @param size bytes (0 for folders)
         * @param mtime last change, milliseconds since the epoch
         * @since 1.0
         */
        public FileEntry(String path, boolean directory, long size, long mtime) {
            this(path, directory, size, mtime, null);
        }
    }
}
