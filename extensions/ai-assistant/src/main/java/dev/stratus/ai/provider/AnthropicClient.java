package dev.stratus.ai.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.ai.model.ChatMessage;
import dev.stratus.ai.model.ChatRequest;
import dev.stratus.ai.model.ChatResult;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.ProviderClient;
import dev.stratus.ai.model.ProviderException;
import dev.stratus.ai.model.ProviderKind;
import dev.stratus.ai.model.Sampling;
import dev.stratus.ai.model.StreamEvent;
import dev.stratus.ai.model.ToolCall;
import dev.stratus.ai.model.ToolChoice;
import dev.stratus.ai.model.ToolSpec;
import dev.stratus.ai.model.Usage;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.function.Supplier;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Anthropic Messages, streamed: {@code POST {baseUrl}/v1/messages} with {@code x-api-key} (when
 * the deployment has a key) and {@code anthropic-version: 2023-06-01}.
 *
 * <p>System messages become the top-level {@code system}; an assistant's tool calls become
 * {@code tool_use} blocks and tool messages {@code tool_result} blocks of a user turn (adjacent
 * user-side messages are merged, as the API wants turns to alternate); a conversation that opens
 * with the assistant gets a user turn of {@value #OPENING_TURN} before it, as the API wants the
 * first turn to be the user's. Text of only whitespace is left out, and a final assistant turn
 * loses its trailing whitespace, which the API refuses. {@code max_tokens} is the
 * request's (within what the deployment can give), else the deployment's, else
 * {@value #DEFAULT_MAX_TOKENS}.
 *
 * <p>The answer is complete at {@code message_stop}. An {@code error} event is a failure
 * ({@code overloaded_error} is OVERLOADED, {@code rate_limit_error} RATE_LIMITED,
 * {@code api_error} SERVER_ERROR), and so is any end before {@code message_stop}. Stop reasons
 * are reported in OpenAI's words so callers see one vocabulary: {@code max_tokens} and
 * {@code model_context_window_exceeded} are {@code length}, {@code tool_use} is
 * {@code tool_calls}, {@code refusal} is {@code content_filter}, and every other
 * ({@code end_turn}, {@code stop_sequence}, {@code pause_turn}, any added later) is {@code stop}. Tool-call indexes count tool calls from 0, not
 * content blocks. Thinking blocks are not surfaced.
 */
public final class AnthropicClient implements ProviderClient {
    public static final String API_VERSION = "2023-06-01";
    public static final int DEFAULT_MAX_TOKENS = Deployment.ANTHROPIC_OUTPUT;
    /** The user turn put before a conversation that opens with the assistant, which the API refuses. */
    static final String OPENING_TURN = "(conversation start)";
    /** The field of a {@code tool_use} input that holds arguments which were no JSON object, as written. */
    static final String UNPARSED_ARGUMENTS = "unparsed_arguments";

    private final Supplier<HttpClient> http;

    public AnthropicClient(HttpClient http) {
        this(() -> http);
    }

    /** @param http the HTTP client for each call (one of several, each with a thread of its own) */
    public AnthropicClient(Supplier<HttpClient> http) {
        this.http = http;
    }

    @Override
    public ChatResult stream(Deployment deployment, ChatRequest request, Consumer<StreamEvent> events) {
        if (request.completion()) {
            // The router never sends one here; if it did, the refusal is the API's, not a wrong answer.
            throw ProviderErrors.transport(deployment, ProviderException.Kind.BAD_REQUEST, deployment.noCompletions());
        }
        byte[] body = requestBody(deployment, request);
        HttpRequest.Builder call = HttpRequest.newBuilder(UpstreamStream.resolve(deployment.baseUrl(), "v1/messages"))
                .header("anthropic-version", API_VERSION);
        if (deployment.apiKey() != null && !deployment.apiKey().isBlank()) {
            call.header("x-api-key", deployment.apiKey());
        }
        Reading reading = new Reading(deployment, new AnswerAssembler(events, request.maxOutputTokens()));
        try (UpstreamStream stream = UpstreamStream.open(http.get(), deployment, call, body)) {
            SseReader.Event event;
            while (!reading.stopped && (event = stream.next()) != null) {
                reading.on(event);
                reading.stopped |= reading.answer.overrun(); // a server far past its bound is not followed further
            }
            if (!reading.stopped) {
                throw stream.cut("stream ended before message_stop");
            }
            stream.answered();
        }
        return reading.answer.complete();
    }

    /** The state of one answer being read. */
    private static final class Reading {
        final Deployment deployment;
        final AnswerAssembler answer;
        final Map<Integer, Integer> toolIndexByBlock = new HashMap<>();
        int inputTokens;
        int outputTokens;
        String stopReason;
        boolean stopped;

        Reading(Deployment deployment, AnswerAssembler answer) {
            this.deployment = deployment;
            this.answer = answer;
        }

        void on(SseReader.Event event) {
            JsonNode data = Json.parseOrNull(event.data());
            if (data == null) {
                throw ProviderErrors.transport(deployment, ProviderException.Kind.SERVER_ERROR, "unreadable stream event " + event.name());
            }
            String type = data.path("type").asText(event.name());
            switch (type) {
                case "message_start" -> {
                    JsonNode usage = data.path("message").path("usage");
                    inputTokens = usage.path("input_tokens").asInt() + usage.path("cache_creation_input_tokens").asInt()
                            + usage.path("cache_read_input_tokens").asInt();
                    outputTokens = usage.path("output_tokens").asInt();
                }
                case "content_block_start" -> {
                    JsonNode block = data.path("content_block");
                    int index = data.path("index").asInt();
                    if (block.path("type").asText().equals("tool_use")) {
                        int tool = toolIndexByBlock.size();
                        toolIndexByBlock.put(index, tool);
                        answer.toolCall(tool, block.path("id").asText(null), block.path("name").asText(null), "");
                    } else if (block.path("type").asText().equals("text")) {
                        answer.text(block.path("text").asText(""));
                    }
                }
                case "content_block_delta" -> {
                    JsonNode delta = data.path("delta");
                    switch (delta.path("type").asText()) {
                        case "text_delta" -> answer.text(delta.path("text").asText(""));
                        case "input_json_delta" -> {
                            Integer tool = toolIndexByBlock.get(data.path("index").asInt());
                            if (tool != null) {
                                answer.toolCall(tool, null, null, delta.path("partial_json").asText(""));
                            }
                        }
                        default -> {
                            // thinking and signature deltas are not part of the answer
                        }
                    }
                }
                case "message_delta" -> {
                    if (data.path("delta").hasNonNull("stop_reason")) {
                        stopReason = data.path("delta").get("stop_reason").asText();
                    }
                    JsonNode usage = data.path("usage");
                    if (usage.has("output_tokens")) {
                        outputTokens = usage.get("output_tokens").asInt();
                    }
                    if (usage.has("input_tokens")) {
                        inputTokens = Math.max(inputTokens, usage.get("input_tokens").asInt()
                                + usage.path("cache_creation_input_tokens").asInt() + usage.path("cache_read_input_tokens").asInt());
                    }
                }
                case "message_stop" -> {
                    answer.usage(new Usage(inputTokens, outputTokens));
                    answer.finish(finishReason(stopReason));
                    stopped = true;
                }
                case "error" -> throw ProviderErrors.inStream(deployment, data.path("error"));
                default -> {
                    // ping, content_block_stop and events added later carry nothing we need
                }
            }
        }
    }

    static String finishReason(String stopReason) {
        if (stopReason == null) {
            return "stop";
        }
        return switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> "length";
            case "tool_use" -> "tool_calls";
            case "refusal" -> "content_filter";
            // end_turn, stop_sequence, pause_turn (only server tools pause, and none are offered) and reasons added
            // later: OpenAI's clients take no word outside their five (some fail to parse the answer).
            default -> "stop";
        };
    }

    /** The JSON body sent for {@code request}. */
    static byte[] requestBody(Deployment d, ChatRequest request) {
        ObjectNode body = Json.object();
        body.put("model", d.model());
        body.put("stream", true);
        Integer bound = ProviderClients.boundFor(d, request);
        Integer maxTokens = bound != null ? bound : d.maxOutputTokens() != null ? d.maxOutputTokens() : DEFAULT_MAX_TOKENS;
        body.put("max_tokens", maxTokens);
        StringBuilder system = new StringBuilder();
        ArrayNode messages = Json.MAPPER.createArrayNode();
        for (ChatMessage m : request.messages()) {
            switch (m.role()) {
                case "system" -> system.append(system.isEmpty() ? "" : "\n\n").append(m.content());
                case "assistant" -> {
                    ArrayNode content = turn(messages, "assistant");
                    addText(content, m.content());
                    for (ToolCall c : m.toolCalls()) {
                        ObjectNode use = content.addObject().put("type", "tool_use").put("id", c.id()).put("name", c.name());
                        use.set("input", arguments(c));
                    }
                }
                case "tool" -> turn(messages, "user").addObject().put("type", "tool_result")
                        .put("tool_use_id", m.toolCallId()).put("content", m.content());
                default -> addText(turn(messages, "user"), m.content());
            }
        }
        // The API rejects a turn with no content (an assistant message of "" or of spaces), and a conversation with none.
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).get("content").isEmpty()) {
                messages.remove(i);
            }
        }
        // Nor may a final assistant turn (which the model continues) end in whitespace.
        JsonNode last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
        if (last != null && last.get("role").asText().equals("assistant")
                && last.get("content").get(last.get("content").size() - 1) instanceof ObjectNode block && block.has("text")) {
            block.put("text", block.get("text").asText().stripTrailing());
        }
        if (messages.isEmpty()) {
            throw ProviderErrors.transport(d, ProviderException.Kind.BAD_REQUEST,
                    "the Anthropic Messages API needs a user message; this conversation has only system text");
        }
        if (!messages.get(0).path("role").asText().equals("user")) {
            // The API refuses a conversation that opens with the assistant (a chat's greeting, a history cut short),
            // which OpenAI's takes: a user turn saying only that is put before it, nothing of the conversation dropped.
            ObjectNode opening = Json.object().put("role", "user");
            opening.putArray("content").addObject().put("type", "text").put("text", OPENING_TURN);
            messages.insert(0, opening);
        }
        if (!system.isEmpty()) {
            body.put("system", system.toString());
        }
        body.set("messages", messages);
        if (!request.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (ToolSpec t : request.tools()) {
                ObjectNode tool = tools.addObject().put("name", t.name()).put("description", t.description());
                tool.set("input_schema", OpenAiClient.parameters(d, t));
            }
        }
        sampling(d, request, body);
        return Json.bytes(body);
    }

    /**
     * The request's sampling options, under the Messages API's names. The router sends no request
     * here with an option that API lacks ({@link Sampling#unsupportedBy}); one that comes anyway is
     * refused, not dropped.
     */
    private static void sampling(Deployment d, ChatRequest request, ObjectNode body) {
        Sampling s = request.sampling();
        List<String> unsupported = s.unsupportedBy(ProviderKind.ANTHROPIC);
        if (!unsupported.isEmpty()) {
            throw ProviderErrors.transport(d, ProviderException.Kind.BAD_REQUEST,
                    "the Anthropic Messages API takes no " + String.join(", ", unsupported));
        }
        if (s.temperature() != null) {
            body.put("temperature", s.temperature());
        }
        if (s.topP() != null) {
            body.put("top_p", s.topP());
        }
        if (!s.stop().isEmpty()) {
            s.stop().forEach(body.withArray("stop_sequences")::add);
        }
        if (!request.tools().isEmpty() && (s.toolChoice() != null || Boolean.FALSE.equals(s.parallelToolCalls()))) {
            ToolChoice choice = s.toolChoice() == null ? ToolChoice.AUTO : s.toolChoice();
            ObjectNode out = body.putObject("tool_choice");
            switch (choice.mode()) {
                case "required" -> out.put("type", "any");
                case "function" -> out.put("type", "tool").put("name", choice.function());
                default -> out.put("type", choice.mode()); // auto, none
            }
            if (Boolean.FALSE.equals(s.parallelToolCalls()) && !"none".equals(choice.mode())) {
                out.put("disable_parallel_tool_use", true);
            }
        }
    }

    /** The content of the last turn when it has {@code role}, else of a new turn. */
    private static ArrayNode turn(ArrayNode messages, String role) {
        if (!messages.isEmpty()) {
            JsonNode last = messages.get(messages.size() - 1);
            if (last.path("role").asText().equals(role)) {
                return (ArrayNode) last.get("content");
            }
        }
        ObjectNode turn = messages.addObject().put("role", role);
        return turn.putArray("content");
    }

    private static void addText(ArrayNode content, String text) {
        if (!text.isBlank()) { // the API rejects text blocks that are empty or only whitespace
            content.addObject().put("type", "text").put("text", text);
        }
    }

    /**
     * A call's arguments as the {@code input} object the API requires. A model may have written
     * arguments that are no JSON object (cut short by the output bound, say): its call was answered
     * with an error, and the conversation goes on, so they are sent as the text they were, under
     * {@value #UNPARSED_ARGUMENTS}, rather than the whole request refused.
     */
    private static JsonNode arguments(ToolCall c) {
        try {
            return Json.objectOrEmpty(c.argumentsJson(), "arguments of tool call " + c.id());
        } catch (IllegalArgumentException e) {
            return Json.object().put(UNPARSED_ARGUMENTS, c.argumentsJson());
        }
    }
}
