package dev.stratus.extension.api;

import java.util.List;

/**
 * The workspace's search index (the Search view's), honouring {@code .gitignore}. Needs {@link
 * Permission#SEARCH}.
 *
 * @since 1.0
 */
public interface WorkspaceSearch {

    /**
     * Lines matching a query, like ripgrep with the same options.
     *
     * @param query the query
     * @return the matches, in path then line order
     * @throws ExtensionException {@code INVALID_PARAMS} for a malformed or too costly regex
     * @since 1.0
     */
    Result text(Query query);

    /**
     * A text query.
     *
     * @param query the text or regular expression
     * @param regex true for a regular expression (Java syntax)
     * @param caseSensitive true to match case
     * @param wholeWord true to match whole words only
     * @param include globs a path must match one of (empty: all)
     * @param exclude globs no path may match
     * @param maxResults at most this many matches (1 to 20000)
     * @since 1.0
     */
    record Query(String query, boolean regex, boolean caseSensitive, boolean wholeWord, List<String> include,
                 List<String> exclude, int maxResults) {

        /**
         * A literal, case-insensitive query of all files, up to 2000 matches.
         *
         * @param query the text
         * @return the query
         * @since 1.0
         */
        public static Query literal(String query) {
            return new Query(query, false, false, false, List.of(), List.of(), 2000);
        }
    }

    /**
     * Matches of a query.
     *
     * @param matches the matches
     * @param truncated true when there were more than {@code maxResults}
     * @since 1.0
     */
    record Result(List<Match> matches, boolean truncated) {
    }

    /**
     * One match.
     *
     * @param path the file
     * @param line 1-based line
     * @param column 1-based column, in UTF-16 code units
     * @param length length in UTF-16 code units
     * @param preview the line's text (shortened around the match when long)
     * @since 1.0
     */
    record Match(String path, int line, int column, int length, String preview) {
    }
}
