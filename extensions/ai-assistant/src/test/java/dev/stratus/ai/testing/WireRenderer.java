package dev.stratus.ai.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** Renders an {@link Answer} as the server-sent events of one wire format. */
enum WireRenderer {
    OPENAI {
        @Override
        List<String> events(Answer a, String model) {
            List<String> out = new ArrayList<>();
            out.add(": scripted upstream\n\n"); // servers and gateways send comments; clients must skip them
            ObjectNode role = chunk(model);
            role.withArray("choices").addObject().put("index", 0).putNull("finish_reason")
                    .putObject("delta").put("role", "assistant").put("content", "");
            out.add(data(role));
            int tool = 0;
            for (Answer.Part part : a.parts) {
                if (part instanceof Answer.Text t) {
                    for (String text : t.chunks()) {
                        ObjectNode c = chunk(model);
                        choice(c).putObject("delta").put("content", text);
                        out.add(data(c));
                    }
                } else if (part instanceof Answer.ToolUse u) {
                    ObjectNode first = chunk(model);
                    ObjectNode call = choice(first).putObject("delta").putArray("tool_calls").addObject();
                    call.put("index", tool).put("id", u.id()).put("type", "function")
                            .putObject("function").put("name", u.name()).put("arguments", "");
                    out.add(data(first));
                    for (String fragment : u.fragments()) {
                        ObjectNode c = chunk(model);
                        choice(c).putObject("delta").putArray("tool_calls").addObject().put("index", tool)
                                .putObject("function").put("arguments", fragment);
                        out.add(data(c));
                    }
                    tool++;
                }
            }
            ObjectNode finish = chunk(model);
            choice(finish).put("finish_reason", a.finish != null ? a.finish : a.callsTools() ? "tool_calls" : "stop").putObject("delta");
            openAiEnding(a, finish, chunk(model), out);
            return out;
        }

        @Override
        String errorBody(int status) {
            ObjectNode body = JSON.createObjectNode();
            ObjectNode error = body.putObject("error");
            switch (status) {
                case 429 -> error.put("message", "Rate limit reached for requests").put("type", "requests").put("code", "rate_limit_exceeded");
                case 401 -> error.put("message", "Incorrect API key provided").put("type", "invalid_request_error").put("code", "invalid_api_key");
                case 503 -> error.put("message", "The server is overloaded or not ready yet.").put("type", "server_error");
                default -> error.put("message", "scripted status " + status).put("type", status >= 500 ? "server_error" : "invalid_request_error");
            }
            return body.toString();
        }

        private ObjectNode chunk(String model) {
            return JSON.createObjectNode().put("id", "chatcmpl-scripted").put("object", "chat.completion.chunk")
                    .put("created", 0).put("model", model);
        }

        private ObjectNode choice(ObjectNode chunk) {
            return chunk.withArray("choices").addObject().put("index", 0).putNull("finish_reason");
        }

        private String data(ObjectNode json) {
            return "data: " + json + "\n\n";
        }
    },

    /** OpenAI's legacy text completions ({@code POST /v1/completions}), as vLLM and llama.cpp stream them. */
    OPENAI_COMPLETIONS {
        @Override
        List<String> events(Answer a, String model) {
            List<String> out = new ArrayList<>();
            for (Answer.Part part : a.parts) {
                if (part instanceof Answer.Text t) {
                    for (String text : t.chunks()) {
                        out.add(data(choice(chunk(model), text, null)));
                    }
                }
            }
            openAiEnding(a, choice(chunk(model), "", a.finish != null ? a.finish : "stop"), chunk(model), out);
            return out;
        }

        @Override
        String errorBody(int status) {
            return OPENAI.errorBody(status);
        }

        private ObjectNode chunk(String model) {
            return JSON.createObjectNode().put("id", "cmpl-scripted").put("object", "text_completion").put("created", 0)
                    .put("model", model);
        }

        private ObjectNode choice(ObjectNode chunk, String text, String finish) {
            chunk.withArray("choices").addObject().put("index", 0).put("text", text).putNull("logprobs").put("finish_reason", finish);
            return chunk;
        }

        private String data(ObjectNode json) {
            return "data: " + json + "\n\n";
        }
    },

    ANTHROPIC {
        @Override
        List<String> events(Answer a, String model) {
            List<String> out = new ArrayList<>();
            ObjectNode start = JSON.createObjectNode().put("type", "message_start");
            ObjectNode message = start.putObject("message").put("id", "msg_scripted").put("type", "message")
                    .put("role", "assistant").put("model", model).putNull("stop_reason");
            message.putArray("content");
            message.putObject("usage").put("input_tokens", a.promptTokens).put("output_tokens", 1);
            out.add(event("message_start", start));
            out.add(event("ping", JSON.createObjectNode().put("type", "ping")));
            int index = 0;
            for (Answer.Part part : a.parts) {
                ObjectNode blockStart = JSON.createObjectNode().put("type", "content_block_start").put("index", index);
                if (part instanceof Answer.Text t) {
                    blockStart.putObject("content_block").put("type", "text").put("text", "");
                    out.add(event("content_block_start", blockStart));
                    for (String text : t.chunks()) {
                        ObjectNode delta = delta(index);
                        ((ObjectNode) delta.get("delta")).put("type", "text_delta").put("text", text);
                        out.add(event("content_block_delta", delta));
                    }
                } else if (part instanceof Answer.ToolUse u) {
                    blockStart.putObject("content_block").put("type", "tool_use").put("id", u.id()).put("name", u.name())
                            .putObject("input");
                    out.add(event("content_block_start", blockStart));
                    for (String fragment : u.fragments()) {
                        ObjectNode delta = delta(index);
                        ((ObjectNode) delta.get("delta")).put("type", "input_json_delta").put("partial_json", fragment);
                        out.add(event("content_block_delta", delta));
                    }
                }
                out.add(event("content_block_stop", JSON.createObjectNode().put("type", "content_block_stop").put("index", index)));
                index++;
            }
            switch (a.ending) {
                case COMPLETE -> {
                    ObjectNode delta = JSON.createObjectNode().put("type", "message_delta");
                    delta.putObject("delta").put("stop_reason", a.finish != null ? a.finish : a.callsTools() ? "tool_use" : "end_turn")
                            .putNull("stop_sequence");
                    delta.putObject("usage").put("output_tokens", a.completionTokens());
                    out.add(event("message_delta", delta));
                    out.add(event("message_stop", JSON.createObjectNode().put("type", "message_stop")));
                }
                case FAIL -> {
                    ObjectNode error = JSON.createObjectNode().put("type", "error");
                    error.putObject("error").put("type", a.failType).put("message", a.failMessage);
                    out.add(event("error", error));
                }
                default -> {
                }
            }
            return out;
        }

        @Override
        String errorBody(int status) {
            String type = switch (status) {
                case 400 -> "invalid_request_error";
                case 401 -> "authentication_error";
                case 403 -> "permission_error";
                case 404 -> "not_found_error";
                case 429 -> "rate_limit_error";
                case 529, 503 -> "overloaded_error";
                default -> "api_error";
            };
            ObjectNode body = JSON.createObjectNode().put("type", "error");
            body.putObject("error").put("type", type).put("message", status == 529 ? "Overloaded" : "scripted status " + status);
            return body.toString();
        }

        private ObjectNode delta(int index) {
            ObjectNode d = JSON.createObjectNode().put("type", "content_block_delta").put("index", index);
            d.putObject("delta");
            return d;
        }

        private String event(String name, ObjectNode json) {
            return "event: " + name + "\ndata: " + json + "\n\n";
        }
    };

    static final ObjectMapper JSON = new ObjectMapper();

    /** The answer's events, each a complete SSE event text. */
    abstract List<String> events(Answer answer, String model);

    /** A realistic error body for {@code status}. */
    abstract String errorBody(int status);

    /**
     * How OpenAI's streams (chat and text completions) end: a finished answer with its
     * {@code finish} chunk, then {@code usage} (a chunk without choices) and {@code [DONE]}; a failed
     * one with an error event and {@code [DONE]}; a cut or stalled one with nothing.
     */
    private static void openAiEnding(Answer a, ObjectNode finish, ObjectNode usage, List<String> out) {
        switch (a.ending) {
            case COMPLETE -> {
                out.add("data: " + finish + "\n\n");
                usage.putArray("choices");
                usage.putObject("usage").put("prompt_tokens", a.promptTokens).put("completion_tokens", a.completionTokens())
                        .put("total_tokens", a.promptTokens + a.completionTokens());
                out.add("data: " + usage + "\n\n");
                out.add("data: [DONE]\n\n");
            }
            case FAIL -> {
                ObjectNode error = JSON.createObjectNode();
                error.putObject("error").put("message", a.failMessage).put("type", a.failType);
                out.add("data: " + error + "\n\n");
                out.add("data: [DONE]\n\n");
            }
            default -> {
            }
        }
    }
}
