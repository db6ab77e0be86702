package dev.stratus.extension.api;

/**
 * What an extension may do in a workspace, declared in its manifest's {@code permissions} by the
 * lower-case name ({@code "files.read"}). A call without the permission fails with an {@link
 * ExtensionException} of reason {@link ExtensionException.Reason#PERMISSION_DENIED}.
 *
 * @since 1.0
 */
public enum Permission {
    /**
     * Read files and folders: {@link WorkspaceFiles#read}, {@link WorkspaceFiles#list}, {@link
     * WorkspaceFiles#stat}.
     *
     * @since 1.0
     */
    FILES_READ("files.read"),
    /**
     * Create, change and delete files: {@link WorkspaceFiles#write}, {@link WorkspaceFiles#delete}.
     *
     * @since 1.0
     */
    FILES_WRITE("files.write"),
    /**
     * Text and file-name search: {@link WorkspaceSearch}.
     *
     * @since 1.0
     */
    SEARCH("search"),
    /**
     * Repository status: {@link WorkspaceGit}.
     *
     * @since 1.0
     */
    GIT("git"),
    /**
     * Terminals: {@link WorkspaceTerminals}.
     *
     * @since 1.0
     */
    TERMINAL("terminal");

    private final String id;

    Permission(String id) {
        this.id = id;
    }

    /**
     * The name used in manifests.
     *
     * @return for example {@code "files.read"}
     * @since 1.0
     */
    public String id() {
        return id;
    }

    /**
     * The permission a manifest name stands for.
     *
     * @param id a manifest name, for example {@code "terminal"}
     * @return the permission
     * @throws IllegalArgumentException for an unknown name
     * @since 1.0
     */
    public static Permission fromId(String id) {
        for (Permission p : values()) {
            if (p.id.equals(id)) {
                return p;
            }
        }
        throw new IllegalArgumentException("Unknown permission: " + id);
    }
}
