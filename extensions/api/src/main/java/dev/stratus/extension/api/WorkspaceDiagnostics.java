package dev.stratus.extension.api;

import java.util.List;

/**
 * The problems (errors, warnings, hints) the workspace's running language servers last reported,
 * the ones the Problems panel shows. Only files a language server has looked at have any: a
 * server reports on the documents the browser opened. Needs {@link Permission#FILES_READ}.
 *
 * @since 1.1
 */
public interface WorkspaceDiagnostics {

    /**
     * The problems of one file, or of every file that has any.
     *
     * @param path a workspace-relative file, or null for every file
     * @return the problems, by path then position
     * @throws ExtensionException {@code PERMISSION_DENIED} for a path outside the workspace
     * @since 1.1
     */
    List<Diagnostic> list(String path);

    /**
     * One problem. Lines and columns are 1-based; columns count UTF-16 code units, as in the
     * editor.
     *
     * @param path the workspace-relative file
     * @param line the first line
     * @param column the first column
     * @param endLine the last line
     * @param endColumn the column after the last character
     * @param severity {@code error}, {@code warning}, {@code information} or {@code hint}
     * @param message the message
     * @param source the reporting tool (for example {@code ts} or {@code Pyright}), or null
     * @param code the problem's code, or null
     * @since 1.1
     */
    record Diagnostic(String path, int line, int column, int endLine, int endColumn, String severity, String message,
                      String source, String code) {
    }
}
