package dev.stratus.examples.todo;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The comment tags to look for, and the search expression built from them. Only tags of
 * letters, digits, {@code _} and {@code -} are used: the setting is user input, and a tag like
 * {@code .*} or {@code (} must not change what the expression means.
 */
final class TodoTags {
    /** The setting listing the tags. */
    static final String SETTING = "todo-tree.tags";
    /** The manifest's default of {@link #SETTING}. */
    static final List<String> DEFAULTS = List.of("TODO", "FIXME");

    // Starts and ends with a word character so that the \b around the group can match.
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,38}[A-Za-z0-9_])?");

    private TodoTags() {
    }

    /**
     * Whether a tag may be searched for.
     *
     * @param tag a tag
     * @return true for 1-40 letters, digits, {@code _} and {@code -}, starting and ending with a
     *     letter, digit or {@code _}
     */
    static boolean isValid(String tag) {
        return tag != null && TAG.matcher(tag).matches();
    }

    /**
     * The usable tags of a setting value, in order and without repeats; anything else (not a
     * string, or not a valid tag) is skipped.
     *
     * @param value the setting's value, a JSON array bound to a list
     * @return the tags, possibly none
     */
    static List<String> usable(List<?> value) {
        Set<String> tags = new LinkedHashSet<>();
        for (Object v : value) {
            if (v instanceof String s && isValid(s)) {
                tags.add(s);
            }
        }
        return List.copyOf(new ArrayList<>(tags));
    }

    /**
     * The regular expression (Java syntax) matching a tag as a whole word, then the rest of the
     * line: group 1 is the tag, group 2 the text.
     *
     * @param tags valid tags, at least one
     * @return for example {@code \b(TODO|FIXME)\b[:\s]?(.*)}
     * @throws IllegalArgumentException for no tags or an invalid one
     */
    static String regex(List<String> tags) {
        if (tags.isEmpty() || !tags.stream().allMatch(TodoTags::isValid)) {
            throw new IllegalArgumentException("Valid tags are required: " + tags);
        }
        return "\\b(" + String.join("|", tags) + ")\\b[:\\s]?(.*)";
    }
}
