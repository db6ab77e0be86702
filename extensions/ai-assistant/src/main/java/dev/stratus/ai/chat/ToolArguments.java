package dev.stratus.ai.chat;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratus.ai.JsonMappers;
import dev.stratus.extension.api.ExtensionException;

/**
 * A tool call's arguments as a JSON object, or an error the model can act on: where the parser
 * stopped and why, in a line (the parser's own words, without what it adds about its source).
 */
final class ToolArguments {
    private static final ObjectMapper JSON = JsonMappers.newMapper();
    /** The most of the parser's message a model is given. */
    private static final int MESSAGE_CHARS = 160;

    private ToolArguments() {
    }

    /** @throws ExtensionException {@code INVALID_PARAMS} when they are not JSON, or not a JSON object */
    static JsonNode parse(String argumentsJson) {
        JsonNode args;
        try {
            args = JSON.readTree(argumentsJson == null || argumentsJson.isBlank() ? "{}" : argumentsJson);
        } catch (JsonProcessingException e) {
            throw new ExtensionException(ExtensionException.Reason.INVALID_PARAMS, "The arguments are not JSON: " + why(e)
                    + where(e.getLocation()) + ". Send them again as one JSON object.");
        }
        if (args == null || !args.isObject()) {
            throw new ExtensionException(ExtensionException.Reason.INVALID_PARAMS, "The arguments are not a JSON object but "
                    + (args == null ? "nothing" : args.getNodeType().name().toLowerCase(java.util.Locale.ROOT))
                    + ". Send them again as one JSON object.");
        }
        return args;
    }

    private static String why(JsonProcessingException e) {
        String m = e.getOriginalMessage() == null ? "cannot be read" : e.getOriginalMessage().lines().findFirst().orElse("");
        // Where a cut object started names the parser's source, which says nothing to a model.
        int marker = m.indexOf(" (start marker at");
        if (marker >= 0) {
            m = m.substring(0, marker);
        }
        m = m.strip();
        return m.length() <= MESSAGE_CHARS ? m : m.substring(0, MESSAGE_CHARS) + "…";
    }

    private static String where(JsonLocation at) {
        if (at == null || at.getLineNr() < 1 || at.getColumnNr() < 1) {
            return "";
        }
        return " (at line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }
}
