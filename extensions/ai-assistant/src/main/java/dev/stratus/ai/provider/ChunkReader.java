package dev.stratus.ai.provider;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the common chat completion chunk (text and thinking deltas, tool-call deltas, a finish reason, usage)
 * with Jackson's streaming parser instead of building a tree for each: a streamed answer is
 * mostly such chunks. Nothing is applied before the whole chunk was read; a chunk that carries
 * an error, or is not shaped like a chunk at all, is left to the caller's tree reading, which
 * classifies it.
 */
final class ChunkReader {
    private ChunkReader() {
    }

    /** What one choice of index 0 adds: its thinking, its text, its tool-call deltas (as sent), its finish reason. */
    private record Delta(String reasoning, String text, JsonNode toolCalls, String finish) {
    }

    /**
     * Applies the chunk {@code data} to {@code answer}.
     *
     * @return false, having applied nothing, when the chunk is to be read as a tree instead
     */
    static boolean apply(String data, AnswerAssembler answer) {
        return apply(data, answer, false);
    }

    /**
     * Applies the chunk {@code data} of a chat completion, or of a text completion ({@code completion}: each
     * choice's {@code text} is the answer's), to {@code answer}.
     *
     * @return false, having applied nothing, when the chunk is to be read as a tree instead
     */
    static boolean apply(String data, AnswerAssembler answer, boolean completion) {
        JsonNode usage = null;
        List<Delta> deltas = List.of();
        try (JsonParser p = Json.MAPPER.createParser(data)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "error" -> {
                        if (value != JsonToken.VALUE_NULL) {
                            return false;
                        }
                    }
                    case "usage" -> {
                        if (value == JsonToken.START_OBJECT) {
                            usage = p.readValueAsTree();
                        } else {
                            p.skipChildren();
                        }
                    }
                    case "choices" -> {
                        if (value == JsonToken.START_ARRAY) {
                            deltas = choices(p, completion);
                        } else if (value != JsonToken.VALUE_NULL) {
                            return false;
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                return false; // more than one value: not a chunk
            }
        } catch (IOException e) {
            return false;
        }
        if (usage != null) {
            OpenAiClient.usage(usage, answer);
        }
        for (Delta d : deltas) {
            if (d.reasoning() != null) {
                answer.reasoning(d.reasoning());
            }
            if (d.text() != null) {
                answer.text(d.text());
            }
            if (d.toolCalls() != null) {
                OpenAiClient.toolCalls(d.toolCalls(), answer);
            }
            if (d.finish() != null) {
                answer.finish(OpenAiClient.finishReason(d.finish()));
            }
        }
        return true;
    }

    /** The deltas of the choices of index 0 (we ask for one choice; some servers add others). */
    private static List<Delta> choices(JsonParser p, boolean completion) throws IOException {
        List<Delta> deltas = new ArrayList<>(1);
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            int index = 0;
            String reasoning = null;
            String text = null;
            JsonNode toolCalls = null;
            String finish = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "index" -> index = value == JsonToken.VALUE_NUMBER_INT ? p.getIntValue()
                            : p.<JsonNode>readValueAsTree().asInt(0);
                    case "delta" -> {
                        if (value != JsonToken.START_OBJECT) {
                            p.skipChildren();
                            break;
                        }
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String name = p.currentName();
                            JsonToken v = p.nextToken();
                            if (name.equals("content") && v == JsonToken.VALUE_STRING) {
                                text = p.getText();
                            } else if (OpenAiClient.REASONING_FIELDS.contains(name) && v == JsonToken.VALUE_STRING) {
                                if (reasoning == null) { // servers between the two names send both, with the same text
                                    reasoning = p.getText();
                                }
                            } else if (name.equals("tool_calls")) {
                                toolCalls = p.readValueAsTree();
                            } else {
                                p.skipChildren();
                            }
                        }
                    }
                    case "text" -> {
                        if (completion && value == JsonToken.VALUE_STRING) {
                            text = p.getText();
                        } else {
                            p.skipChildren();
                        }
                    }
                    case "finish_reason" -> finish = value == JsonToken.VALUE_NULL ? null
                            : value.isScalarValue() ? p.getText() : p.<JsonNode>readValueAsTree().asText();
                    default -> p.skipChildren();
                }
            }
            if (index == 0) {
                deltas.add(new Delta(reasoning, text, toolCalls, finish));
            }
        }
        return deltas;
    }
}
