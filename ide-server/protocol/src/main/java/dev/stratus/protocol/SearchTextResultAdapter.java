package dev.stratus.protocol;

import com.google.gson.FormattingStyle;
import com.google.gson.Gson;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import dev.stratus.protocol.search.SearchTextResult;
import dev.stratus.protocol.search.TextMatch;
import java.io.IOException;

/**
 * Writes a {@link SearchTextResult} as exactly the JSON Gson's reflection writes for it (same
 * members and order, same escapes, HTML-safe ones included when the writer is HTML-safe, null
 * members as the writer's {@code serializeNulls} says), but with its matches built in one
 * {@link StringBuilder} and handed to the writer as one raw value. A reply can hold 20,000
 * matches, and the reply is written after the search, on its critical path: value by value
 * through {@link JsonWriter} (record accessors by reflection, a synchronized {@code StringWriter}
 * append per token), 18,000 matches took ~20 ms of CPU; this way ~10 ms. Reading, and writing
 * through a writer that indents, are left to Gson.
 */
final class SearchTextResultAdapter extends TypeAdapter<SearchTextResult> {
    /** The escape of each ASCII character in a JSON string (null: none), as {@link JsonWriter} escapes them. */
    private static final String[] ESCAPES = new String[128];
    private static final String[] HTML_SAFE_ESCAPES;

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPES[c] = String.format("\\u%04x", c);
        }
        ESCAPES['"'] = "\\\"";
        ESCAPES['\\'] = "\\\\";
        ESCAPES['\t'] = "\\t";
        ESCAPES['\b'] = "\\b";
        ESCAPES['\n'] = "\\n";
        ESCAPES['\r'] = "\\r";
        ESCAPES['\f'] = "\\f";
        HTML_SAFE_ESCAPES = ESCAPES.clone();
        for (char c : "<>&='".toCharArray()) {
            HTML_SAFE_ESCAPES[c] = String.format("\\u%04x", (int) c);
        }
    }

    private final TypeAdapter<SearchTextResult> reflective;

    private SearchTextResultAdapter(TypeAdapter<SearchTextResult> reflective) {
        this.reflective = reflective;
    }

    static final class Factory implements TypeAdapterFactory {
        @Override
        @SuppressWarnings("unchecked")
        public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type) {
            if (type.getRawType() != SearchTextResult.class) {
                return null;
            }
            return (TypeAdapter<T>) new SearchTextResultAdapter(gson.getDelegateAdapter(this, TypeToken.get(SearchTextResult.class)));
        }
    }

    @Override
    public void write(JsonWriter out, SearchTextResult value) throws IOException {
        FormattingStyle style = out.getFormattingStyle();
        if (value == null || value.matches() == null || !style.getIndent().isEmpty()
                || !style.getNewline().isEmpty() || style.usesSpaceAfterSeparators()) {
            reflective.write(out, value);
            return;
        }
        String[] escapes = out.isHtmlSafe() ? HTML_SAFE_ESCAPES : ESCAPES;
        boolean nulls = out.getSerializeNulls();
        StringBuilder json = new StringBuilder(value.matches().size() * 160);
        json.append('[');
        for (TextMatch m : value.matches()) {
            if (json.length() > 1) {
                json.append(',');
            }
            if (m == null) {
                json.append("null");
                continue;
            }
            json.append('{');
            string(json, "path", m.path(), escapes, nulls);
            name(json, "line").append(m.line());
            name(json, "column").append(m.column());
            name(json, "length").append(m.length());
            string(json, "preview", m.preview(), escapes, nulls);
            json.append('}');
        }
        json.append(']');
        out.beginObject();
        out.name("matches").jsonValue(json.toString());
        out.name("truncated").value(value.truncated());
        out.name("tookMs").value(value.tookMs());
        out.endObject();
    }

    /** Appends a member's name, after a comma unless it is the object's first. */
    private static StringBuilder name(StringBuilder json, String name) {
        if (json.charAt(json.length() - 1) != '{') {
            json.append(',');
        }
        return json.append('"').append(name).append("\":");
    }

    /** Appends a string member, escaped as {@link JsonWriter} escapes it; a null one only with {@code nulls}. */
    private static void string(StringBuilder json, String name, String value, String[] escapes, boolean nulls) {
        if (value == null) {
            if (nulls) {
                name(json, name).append("null");
            }
            return;
        }
        name(json, name);
        json.append('"');
        int done = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String escape;
            if (c < 128) {
                escape = escapes[c];
                if (escape == null) {
                    continue;
                }
            } else if (c == '\u2028') {
                escape = "\\u2028";
            } else if (c == '\u2029') {
                escape = "\\u2029";
            } else {
                continue;
            }
            json.append(value, done, i).append(escape);
            done = i + 1;
        }
        json.append(value, done, value.length()).append('"');
    }

    @Override
    public SearchTextResult read(JsonReader in) throws IOException {
        return reflective.read(in);
    }
}
