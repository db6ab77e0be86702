package dev.stratus.examples.todo;

import dev.stratus.extension.api.Caller;
import dev.stratus.extension.api.ExtensionException;
import dev.stratus.extension.api.Settings;
import dev.stratus.extension.api.WorkspaceAccess;
import dev.stratus.extension.api.WorkspaceSearch;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the TODOs of a workspace with its search service (which honours {@code .gitignore}).
 */
final class TodoFinder {
    /** At most this many TODOs are listed. */
    static final int MAX_ITEMS = 2000;

    private static final Pattern GLOB_SAFE = Pattern.compile("[A-Za-z0-9._ /-]+");

    private final Settings settings;
    private final int maxItems;

    /**
     * A finder.
     *
     * @param settings where the tags come from
     * @param maxItems at most this many TODOs are listed (1 to 20000)
     */
    TodoFinder(Settings settings, int maxItems) {
        if (maxItems < 1 || maxItems > 20_000) {
            throw new IllegalArgumentException("maxItems is 1 to 20000: " + maxItems);
        }
        this.settings = settings;
        this.maxItems = maxItems;
    }

    /**
     * The TODOs of a workspace.
     *
     * @param caller whose settings apply (the workspace's, else the user's)
     * @param workspace the workspace
     * @param params an optional folder or file and tag; {@code null} for everything
     * @return the TODOs, in path then line order
     * @throws ExtensionException {@code INVALID_PARAMS} for a malformed tag; the search
     *     service's errors as they are
     */
    TodoList find(Caller caller, WorkspaceAccess workspace, ListParams params) {
        ListParams p = params == null ? ListParams.all() : params;
        List<String> tags = tags(caller, p.tag());
        if (tags.isEmpty()) {
            return TodoList.empty();
        }
        String scope = scope(p.path());
        String regex = TodoTags.regex(tags);
        WorkspaceSearch.Result result = workspace.search().text(
                new WorkspaceSearch.Query(regex, true, true, true, include(scope), List.of(), maxItems));
        Pattern pattern = Pattern.compile(regex);
        List<TodoItem> items = new ArrayList<>();
        for (WorkspaceSearch.Match m : result.matches()) {
            if (items.size() == maxItems) {
                return new TodoList(items, true);
            }
            if (inScope(scope, m.path())) {
                items.add(toItem(m, pattern, tags));
            }
        }
        return new TodoList(items, result.truncated());
    }

    private List<String> tags(Caller caller, String tag) {
        if (tag != null && !tag.isEmpty()) {
            if (!TodoTags.isValid(tag)) {
                throw new ExtensionException(ExtensionException.Reason.INVALID_PARAMS,
                        "A tag is 1-40 letters, digits, '_' or '-'");
            }
            return List.of(tag);
        }
        List<?> value = settings.get(caller, TodoTags.SETTING, List.class);
        return value == null ? TodoTags.DEFAULTS : TodoTags.usable(value);
    }

    /**
     * One search match as a TODO. The preview is the line, shortened around the match when
     * long, so the tag and text are read from it again with the same expression.
     *
     * @param match a match of {@link TodoTags#regex}
     * @param pattern that expression, compiled
     * @param tags the tags it was built from
     * @return the TODO
     */
    static TodoItem toItem(WorkspaceSearch.Match match, Pattern pattern, List<String> tags) {
        String preview = match.preview() == null ? "" : match.preview();
        Matcher m = pattern.matcher(preview);
        if (m.find()) {
            return new TodoItem(match.path(), match.line(), match.column(), m.group(1), text(m.group(2)));
        }
        // A preview cut inside the tag: keep the match rather than lose it.
        String tag = tags.stream().filter(preview::contains).findFirst().orElse(tags.getFirst());
        return new TodoItem(match.path(), match.line(), match.column(), tag, text(preview));
    }

    /**
     * The text after a tag, without the separator and a closing comment delimiter.
     *
     * @param rest what follows the tag on its line
     * @return the text, trimmed
     */
    static String text(String rest) {
        String t = rest.strip();
        if (t.startsWith(":")) {
            t = t.substring(1).strip();
        }
        for (String close : List.of("*/", "-->", "*)")) {
            if (t.endsWith(close)) {
                t = t.substring(0, t.length() - close.length()).strip();
            }
        }
        return t;
    }

    /**
     * A folder or file filter in the form the paths of matches have: no leading {@code ./} or
     * {@code /}, no trailing {@code /}; {@code ""} for the whole workspace.
     */
    static String scope(String path) {
        if (path == null) {
            return "";
        }
        String s = path.strip();
        while (s.startsWith("./")) {
            s = s.substring(2);
        }
        while (s.startsWith("/")) {
            s = s.substring(1);
        }
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s.equals(".") ? "" : s;
    }

    static boolean inScope(String scope, String path) {
        return scope.isEmpty() || path.equals(scope) || path.startsWith(scope + "/");
    }

    // Narrowing the search itself keeps the cap for the folder asked about. A scope with glob
    // characters or a ".." segment is not narrowed (it is still filtered after the search), so
    // a name like "a[1]" cannot turn into a pattern.
    static List<String> include(String scope) {
        if (scope.isEmpty() || !GLOB_SAFE.matcher(scope).matches() || ("/" + scope + "/").contains("/../")) {
            return List.of();
        }
        return List.of(scope, scope + "/**");
    }
}
