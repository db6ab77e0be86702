package dev.stratus.server.lsp;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An LSP {@code Range}: zero-based lines, characters in UTF-16 code units, end exclusive.
 */
record TextRange(int startLine, int startCharacter, int endLine, int endCharacter) {

    /** Reads {@code {start: {line, character}, end: {line, character}}}; IllegalArgumentException when malformed. */
    static TextRange of(JsonNode range) {
        if (range == null || !range.isObject()) {
            throw new IllegalArgumentException("range must be an object");
        }
        JsonNode start = range.get("start");
        JsonNode end = range.get("end");
        return new TextRange(number(start, "line"), number(start, "character"), number(end, "line"), number(end, "character"));
    }

    private static int number(JsonNode position, String name) {
        JsonNode n = position == null ? null : position.get(name);
        if (n == null || !n.isIntegralNumber() || !n.canConvertToInt()) {
            throw new IllegalArgumentException("range positions need integer " + name + " values");
        }
        return n.intValue();
    }
}
