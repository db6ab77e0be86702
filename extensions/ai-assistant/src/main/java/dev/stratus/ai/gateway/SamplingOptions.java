package dev.stratus.ai.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.ai.model.Sampling;
import dev.stratus.ai.model.ToolChoice;
import dev.stratus.ai.model.ToolSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a chat completion request's sampling options ({@code temperature}, {@code top_p},
 * {@code stop}, {@code seed}, the penalties, {@code tool_choice}, {@code parallel_tool_calls},
 * {@code response_format}, {@code reasoning_effort}) with OpenAI's ranges, and refuses what the gateway cannot honour
 * ({@code n} above 1, {@code logprobs}, {@code logit_bias}, the legacy {@code functions}) instead
 * of answering as if it had.
 */
final class SamplingOptions {
    /**
     * OpenAI's own API takes 4 stop sequences, the servers that copy it (vLLM, llama.cpp, Ollama)
     * any number; clients send them all to a server that is not OpenAI's (Continue its template's
     * stop tokens, its own and the language's). A deployment that takes fewer refuses the call,
     * as OpenAI does: none is dropped to make it fit.
     */
    private static final int MAX_STOP = 64;
    private static final List<String> REASONING_EFFORTS = List.of("none", "minimal", "low", "medium", "high", "xhigh");

    private SamplingOptions() {
    }

    static Sampling read(JsonNode body, List<ToolSpec> tools) throws BadParam {
        JsonNode n = body.path("n");
        if (present(n) && !(n.isIntegralNumber() && n.asLong() == 1)) {
            throw new BadParam("n", "n must be 1: the Stratus gateway returns one choice per request");
        }
        if (body.path("logprobs").asBoolean(false) || present(body.path("top_logprobs"))) {
            throw new BadParam(body.path("logprobs").asBoolean(false) ? "logprobs" : "top_logprobs",
                    "logprobs are not supported by the Stratus gateway");
        }
        JsonNode bias = body.path("logit_bias");
        if (present(bias) && !bias.isEmpty()) {
            throw new BadParam("logit_bias", "logit_bias is not supported: its token ids belong to one model's tokenizer,"
                    + " and a stratus/* model may be answered by any of several models");
        }
        if (present(body.path("functions")) || present(body.path("function_call"))) {
            throw new BadParam(present(body.path("functions")) ? "functions" : "function_call",
                    "functions and function_call are deprecated by OpenAI and not supported; use tools and tool_choice");
        }
        return new Sampling(number(body, "temperature", 0, 2), number(body, "top_p", 0, 1), stop(body.path("stop")),
                seed(body.path("seed")), number(body, "presence_penalty", -2, 2), number(body, "frequency_penalty", -2, 2),
                toolChoice(body.path("tool_choice"), tools), parallelToolCalls(body.path("parallel_tool_calls")),
                responseFormat(body.path("response_format")), reasoningEffort(body.path("reasoning_effort")));
    }

    /**
     * OpenAI's efforts, sent by Zed, Aider, Cline, Roo and LangChain when their user sets one: it changes how long a
     * reasoning model thinks, and so its answer, and is passed on rather than dropped.
     */
    private static String reasoningEffort(JsonNode v) throws BadParam {
        if (!present(v)) {
            return null;
        }
        if (!v.isTextual() || !REASONING_EFFORTS.contains(v.asText())) {
            throw new BadParam("reasoning_effort", "reasoning_effort must be one of " + String.join(", ", REASONING_EFFORTS));
        }
        return v.asText();
    }

    private static boolean present(JsonNode node) {
        return !node.isMissingNode() && !node.isNull();
    }

    private static Double number(JsonNode body, String name, double min, double max) throws BadParam {
        JsonNode v = body.path(name);
        if (!present(v)) {
            return null;
        }
        if (!v.isNumber() || v.asDouble() < min || v.asDouble() > max) {
            throw new BadParam(name, name + " must be a number from " + format(min) + " to " + format(max));
        }
        return v.asDouble();
    }

    private static String format(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static List<String> stop(JsonNode v) throws BadParam {
        if (!present(v)) {
            return List.of();
        }
        List<String> stops = new ArrayList<>();
        if (v.isTextual()) {
            stops.add(v.asText());
        } else if (v.isArray()) {
            for (JsonNode s : v) {
                if (!s.isTextual()) {
                    throw new BadParam("stop", "stop must be a string or an array of strings");
                }
                stops.add(s.asText());
            }
        } else {
            throw new BadParam("stop", "stop must be a string or an array of strings");
        }
        if (stops.size() > MAX_STOP) {
            throw new BadParam("stop", "stop takes at most " + MAX_STOP + " sequences, not " + stops.size());
        }
        if (stops.stream().anyMatch(String::isEmpty)) {
            throw new BadParam("stop", "a stop sequence must not be empty");
        }
        return stops;
    }

    private static Long seed(JsonNode v) throws BadParam {
        if (!present(v)) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new BadParam("seed", "seed must be an integer");
        }
        return v.asLong();
    }

    private static ToolChoice toolChoice(JsonNode v, List<ToolSpec> tools) throws BadParam {
        if (!present(v)) {
            return null;
        }
        ToolChoice choice;
        if (v.isTextual() && List.of("auto", "none", "required").contains(v.asText())) {
            choice = new ToolChoice(v.asText(), null);
        } else if (v.isObject() && "function".equals(v.path("type").asText()) && v.path("function").path("name").isTextual()) {
            String name = v.path("function").path("name").asText();
            if (tools.stream().noneMatch(t -> t.name().equals(name))) {
                throw new BadParam("tool_choice", "tool_choice names the function " + name + ", which is not among the tools");
            }
            choice = ToolChoice.function(name);
        } else {
            throw new BadParam("tool_choice", "tool_choice must be \"auto\", \"none\", \"required\""
                    + " or {\"type\": \"function\", \"function\": {\"name\": ...}}");
        }
        if (tools.isEmpty() && choice.mode().equals("required")) {
            throw new BadParam("tool_choice", "tool_choice \"required\" needs tools");
        }
        return choice;
    }

    private static Boolean parallelToolCalls(JsonNode v) throws BadParam {
        if (!present(v)) {
            return null;
        }
        if (!v.isBoolean()) {
            throw new BadParam("parallel_tool_calls", "parallel_tool_calls must be true or false");
        }
        return v.asBoolean();
    }

    private static String responseFormat(JsonNode v) throws BadParam {
        if (!present(v)) {
            return null;
        }
        String type = v.path("type").asText("");
        switch (type) {
            case "text" -> {
                return null; // the default
            }
            case "json_object" -> {
                return "{\"type\":\"json_object\"}";
            }
            case "json_schema" -> {
                if (!v.path("json_schema").isObject()) {
                    throw new BadParam("response_format", "response_format of type json_schema needs a json_schema object");
                }
                return v.toString();
            }
            default -> throw new BadParam("response_format", "response_format's type must be text, json_object or json_schema");
        }
    }
}
