package dev.stratus.ai.chat;

import dev.stratus.ai.chat.AiProtocol.Context;
import dev.stratus.extension.api.ExtensionException;
import dev.stratus.extension.api.WorkspaceAccess;
import dev.stratus.extension.api.WorkspaceSearch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The workspace material a prompt carries: the files the client names and those the message
 * mentions as {@code @path}, the selection, and {@code @search <query>} results, read through
 * the workspace's own services (so path confinement and the extension's permissions apply).
 * A file the editor holds with unsaved changes is given as the editor shows it (the client
 * sends that text): the selection and a problem's line refer to it, and it is what the user
 * asks about. Bounded: each file and the whole context have a character budget; what is cut
 * says so.
 */
public final class ContextBuilder {
    private static final Pattern FILE_MENTION = Pattern.compile("(?<![\\w@])@([\\w./-]+\\.[\\w]+)");
    private static final Pattern SEARCH_MENTION = Pattern.compile("@search\\s+(\"[^\"]+\"|\\S+)");
    private final int maxFileChars;
    private final int maxTotalChars;

    public ContextBuilder(int maxFileChars, int maxTotalChars) {
        this.maxFileChars = maxFileChars;
        this.maxTotalChars = maxTotalChars;
    }

    /** The context block (Markdown) for a message, or empty text when there is none. */
    public Built build(String message, Context context, WorkspaceAccess workspace) {
        Set<String> paths = new LinkedHashSet<>();
        if (context != null && context.paths() != null) {
            paths.addAll(context.paths());
        }
        Matcher m = FILE_MENTION.matcher(message == null ? "" : message);
        while (m.find()) {
            paths.add(m.group(1));
        }
        List<String> searches = new ArrayList<>();
        if (context != null && context.search() != null && !context.search().isBlank()) {
            searches.add(context.search());
        }
        Matcher s = SEARCH_MENTION.matcher(message == null ? "" : message);
        while (s.find()) {
            searches.add(s.group(1).replaceAll("^\"|\"$", ""));
        }
        StringBuilder out = new StringBuilder();
        List<String> used = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (context != null && context.selection() != null && context.selection().text() != null) {
            var sel = context.selection();
            append(out, "Selection in " + sel.path() + " (lines " + sel.startLine() + "-" + sel.endLine() + ")",
                    lang(sel.path()), sel.text());
        }
        if (context != null && context.diagnostics() != null && !context.diagnostics().isEmpty()) {
            StringBuilder lines = new StringBuilder();
            context.diagnostics().stream().limit(50).forEach(d -> lines.append(d.path()).append(':').append(d.line()).append(": ")
                    .append(d.severity()).append(": ").append(d.message() == null ? "" : d.message().strip())
                    .append(d.source() == null ? "" : " (" + d.source() + ")").append('\n'));
            append(out, "Problems the editor shows", "", lines.toString());
        }
        Map<String, String> unsaved = new HashMap<>();
        if (context != null && context.documents() != null) {
            context.documents().stream().filter(d -> d != null && d.path() != null && d.text() != null)
                    .forEach(d -> unsaved.put(d.path(), d.text()));
        }
        for (String path : paths) {
            try {
                String text = unsaved.get(path);
                if (text == null) {
                    append(out, "File " + path, lang(path), workspace.files().read(path));
                } else {
                    append(out, "File " + path + " (as the editor shows it, with unsaved changes)", lang(path), text);
                }
                used.add(path);
            } catch (ExtensionException e) {
                problems.add(path + ": " + e.getMessage());
            }
        }
        for (String query : searches) {
            try {
                WorkspaceSearch.Result r = workspace.search().text(WorkspaceSearch.Query.literal(query));
                StringBuilder lines = new StringBuilder();
                r.matches().stream().limit(50).forEach(x -> lines.append(x.path()).append(':').append(x.line())
                        .append(": ").append(x.preview().strip()).append('\n'));
                append(out, "Search results for \"" + query + "\"" + (r.truncated() || r.matches().size() > 50 ? " (first 50)" : ""),
                        "", lines.toString());
            } catch (ExtensionException e) {
                problems.add("@search " + query + ": " + e.getMessage());
            }
        }
        return new Built(out.toString(), List.copyOf(used), List.copyOf(problems));
    }

    /**
     * @param text the Markdown block for the prompt
     * @param files the files it contains
     * @param problems files or searches that could not be added, with why
     */
    public record Built(String text, List<String> files, List<String> problems) {
    }

    private void append(StringBuilder out, String title, String lang, String body) {
        int room = maxTotalChars - out.length();
        if (room <= 200) {
            return;
        }
        String text = body;
        boolean cut = false;
        int limit = Math.min(maxFileChars, room - 100);
        if (text.length() > limit) {
            text = text.substring(0, limit);
            cut = true;
        }
        out.append("### ").append(title).append(cut ? " (cut to " + limit + " characters)" : "").append("\n```")
                .append(lang).append('\n').append(text);
        if (!text.endsWith("\n")) {
            out.append('\n');
        }
        out.append("```\n\n");
    }

    private static String lang(String path) {
        if (path == null) {
            return "";
        }
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(dot + 1);
    }
}
