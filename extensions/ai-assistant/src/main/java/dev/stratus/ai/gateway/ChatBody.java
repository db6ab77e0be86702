package dev.stratus.ai.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.ai.model.ChatMessage;
import dev.stratus.ai.model.ToolCall;
import dev.stratus.ai.model.ToolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A chat completion request's conversation, tools and answer bound, read by OpenAI's rules. What
 * the models behind the gateway could not be given as the client meant it (an image, an unknown
 * role, a tool result answering no call id) is a {@link BadParam} naming the field, never dropped.
 *
 * @param messages the conversation; {@code developer} messages are system messages
 * @param lastUser the last user message's text, for the chat scorer ({@code ""} if none)
 * @param tools the tools offered
 * @param maxTokens {@code max_completion_tokens}, else {@code max_tokens}, else null
 */
record ChatBody(List<ChatMessage> messages, String lastUser, List<ToolSpec> tools, Integer maxTokens) {
    /** OpenAI's rule for function names. */
    private static final Pattern FUNCTION_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    static ChatBody read(JsonNode body) throws BadParam {
        JsonNode list = body.path("messages");
        if (!list.isArray() || list.isEmpty()) {
            throw new BadParam("messages", "messages is required: a non-empty array");
        }
        List<ChatMessage> messages = new ArrayList<>();
        String lastUser = "";
        for (int i = 0; i < list.size(); i++) {
            JsonNode m = list.get(i);
            String at = "messages[" + i + "]";
            if (!m.isObject()) {
                throw new BadParam(at, at + " must be an object");
            }
            String role = m.path("role").asText("");
            String text = content(m.path("content"), at + ".content", role.equals("assistant"));
            switch (role) {
                case "system", "developer" -> messages.add(ChatMessage.system(required(text, at)));
                case "user" -> {
                    lastUser = required(text, at);
                    messages.add(ChatMessage.user(lastUser));
                }
                case "assistant" -> {
                    List<ToolCall> calls = toolCalls(m.path("tool_calls"), at + ".tool_calls");
                    if (text == null && calls.isEmpty()) {
                        throw new BadParam(at + ".content", at + " has neither content nor tool_calls");
                    }
                    messages.add(ChatMessage.assistant(text == null ? "" : text, calls));
                }
                case "tool" -> {
                    if (!m.path("tool_call_id").isTextual() || m.path("tool_call_id").asText().isEmpty()) {
                        throw new BadParam(at + ".tool_call_id", "a tool message needs the tool_call_id it answers");
                    }
                    messages.add(ChatMessage.toolResult(m.path("tool_call_id").asText(), text == null ? "" : text));
                }
                default -> throw new BadParam(at + ".role", "role must be system, developer, user, assistant or tool"
                        + (role.isEmpty() ? "" : ", not " + role));
            }
        }
        return new ChatBody(messages, lastUser, tools(body.path("tools")), maxTokens(body));
    }

    private static String required(String text, String at) throws BadParam {
        if (text == null) {
            throw new BadParam(at + ".content", at + ".content is required");
        }
        return text;
    }

    /** A message's text: a string, or the text of its parts; null when absent (or null). */
    private static String content(JsonNode c, String at, boolean assistant) throws BadParam {
        if (c.isMissingNode() || c.isNull()) {
            return null;
        }
        if (c.isTextual()) {
            return c.asText();
        }
        if (!c.isArray()) {
            throw new BadParam(at, at + " must be a string or an array of content parts");
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < c.size(); i++) {
            JsonNode part = c.get(i);
            String type = part.path("type").asText("");
            String field = type.equals("refusal") && assistant ? "refusal" : "text";
            if (!type.equals(field) || !part.path(field).isTextual()) {
                throw new BadParam(at + "[" + i + "]", "only text content can be sent through the Stratus gateway"
                        + (type.isEmpty() || type.equals(field) ? "" : "; a part of type " + type + " cannot"));
            }
            text.append(part.path(field).asText());
        }
        return text.toString();
    }

    private static List<ToolCall> toolCalls(JsonNode calls, String at) throws BadParam {
        if (calls.isMissingNode() || calls.isNull()) {
            return List.of();
        }
        if (!calls.isArray()) {
            throw new BadParam(at, at + " must be an array");
        }
        List<ToolCall> out = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            JsonNode c = calls.get(i);
            JsonNode function = c.path("function");
            if (!c.path("id").isTextual() || !function.path("name").isTextual()
                    || !(function.path("arguments").isTextual() || function.path("arguments").isMissingNode())) {
                throw new BadParam(at + "[" + i + "]", "a tool call needs an id, function.name and function.arguments (a JSON string)");
            }
            out.add(new ToolCall(c.path("id").asText(), function.path("name").asText(), function.path("arguments").asText("{}")));
        }
        return out;
    }

    private static List<ToolSpec> tools(JsonNode tools) throws BadParam {
        if (tools.isMissingNode() || tools.isNull()) {
            return List.of();
        }
        if (!tools.isArray()) {
            throw new BadParam("tools", "tools must be an array");
        }
        List<ToolSpec> out = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            JsonNode t = tools.get(i);
            JsonNode function = t.path("function");
            String at = "tools[" + i + "]";
            if (!"function".equals(t.path("type").asText()) || !FUNCTION_NAME.matcher(function.path("name").asText("")).matches()) {
                throw new BadParam(at, at + " must be {\"type\": \"function\", \"function\": {\"name\": ...}}, its name 1-64 of a-z, A-Z, 0-9, _ and -");
            }
            JsonNode parameters = function.path("parameters");
            if (!parameters.isMissingNode() && !parameters.isNull() && !parameters.isObject()) {
                throw new BadParam(at + ".function.parameters", "a function's parameters must be a JSON Schema object");
            }
            out.add(new ToolSpec(function.path("name").asText(), function.path("description").asText(""),
                    parameters.isObject() ? parameters.toString() : "{\"type\":\"object\",\"properties\":{}}"));
        }
        return out;
    }

    private static Integer maxTokens(JsonNode body) throws BadParam {
        for (String name : List.of("max_completion_tokens", "max_tokens")) {
            JsonNode v = body.path(name);
            if (v.isMissingNode() || v.isNull()) {
                continue;
            }
            return positiveInt(name, v);
        }
        return null;
    }

    /** An answer bound's value: a positive integer of an {@code int}'s range (a deployment's own limit applies below it). */
    static int positiveInt(String name, JsonNode v) throws BadParam {
        if (!v.isIntegralNumber() || v.bigIntegerValue().signum() < 1) {
            throw new BadParam(name, name + " must be a positive integer");
        }
        if (!v.canConvertToInt()) {
            throw new BadParam(name, name + " must be at most " + Integer.MAX_VALUE + " (a deployment's own limit applies below it)");
        }
        return v.asInt();
    }
}
