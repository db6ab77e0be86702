package dev.stratus.examples.todo;

/**
 * The JSON of a {@link TodoList}, written by hand so the extension bundles no library.
 */
final class TodoJson {

    private TodoJson() {
    }

    /**
     * A list as {@code {"items":[{"path","line","column","tag","text"}],"truncated"}}.
     *
     * @param list the list
     * @return JSON text
     */
    static String write(TodoList list) {
        StringBuilder out = new StringBuilder(64 + list.items().size() * 96);
        out.append("{\"items\":[");
        String sep = "";
        for (TodoItem item : list.items()) {
            out.append(sep).append("{\"path\":");
            string(out, item.path());
            out.append(",\"line\":").append(item.line()).append(",\"column\":").append(item.column()).append(",\"tag\":");
            string(out, item.tag());
            out.append(",\"text\":");
            string(out, item.text());
            out.append('}');
            sep = ",";
        }
        return out.append("],\"truncated\":").append(list.truncated()).append('}').toString();
    }

    /**
     * Appends a JSON string. Beyond what JSON requires, {@code <}, {@code >}, {@code &}, U+2028
     * and U+2029 are escaped (so the text is also safe inside HTML or a script), and a lone
     * surrogate is escaped instead of turning into {@code ?} in UTF-8.
     *
     * @param out where to append
     * @param s the string; {@code null} is written as {@code null}
     */
    static void string(StringBuilder out, String s) {
        if (s == null) {
            out.append("null");
            return;
        }
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029'
                            || Character.isSurrogate(c) && !pairAt(s, i)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else if (Character.isHighSurrogate(c)) {
                        out.append(c).append(s.charAt(++i));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    // Pairs are appended whole at their high surrogate, so a low surrogate reaching this check
    // is a lone one.
    private static boolean pairAt(String s, int i) {
        return Character.isHighSurrogate(s.charAt(i)) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
}
