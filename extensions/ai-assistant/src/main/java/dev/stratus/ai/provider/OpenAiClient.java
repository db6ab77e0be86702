package dev.stratus.ai.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.ai.model.ChatMessage;
import dev.stratus.ai.model.ChatRequest;
import dev.stratus.ai.model.ChatResult;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.DirectSink;
import dev.stratus.ai.model.FimTemplate;
import dev.stratus.ai.model.ProviderClient;
import dev.stratus.ai.model.ProviderException;
import dev.stratus.ai.model.Sampling;
import dev.stratus.ai.model.StreamEvent;
import dev.stratus.ai.model.ToolCall;
import dev.stratus.ai.model.ToolChoice;
import dev.stratus.ai.model.ToolSpec;
import dev.stratus.ai.model.Usage;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * OpenAI chat completions, streamed: OpenAI itself and the servers that copy its API (vLLM,
 * Ollama's {@code /v1}, llama.cpp server, LM Studio, TGI).
 *
 * <p>Sends {@code POST {baseUrl}/chat/completions} with {@code stream: true} and
 * {@code stream_options.include_usage}, the key (when the deployment has one) in
 * {@code Authorization: Bearer} or the deployment's own header ({@link #withKey}). The answer is complete once a choice reported a {@code finish_reason}; the usage
 * chunk and {@code [DONE]} that follow are read when they come. A stream that ends, breaks or
 * says {@code [DONE]} before any {@code finish_reason} is {@code STREAM_CUT}: the text so far
 * was streamed to the listener but is never returned as an answer. An {@code {"error": ...}}
 * chunk inside the stream, or llama.cpp's {@code error: {...}} line, is classified like an HTTP
 * error. A server that ignores {@code stream} and answers with one JSON chat completion is read
 * as that completion. A text completion ({@link ChatRequest#completion()}) goes to
 * {@code {baseUrl}/completions} instead ({@link TextCompletionWire}), read the same way; one its server
 * refuses for its {@code suffix} is sent again once in its model's template ({@link FimChoice}).
 */
public final class OpenAiClient implements ProviderClient {
    /** Where reasoning parsers put a model's thinking, in the order read; see {@link #reasoning}. */
    static final List<String> REASONING_FIELDS = List.of("reasoning_content", "reasoning");
    private final Supplier<HttpClient> http;
    private final FimChoice fims = new FimChoice();

    public OpenAiClient(HttpClient http) {
        this(() -> http);
    }

    /** @param http the HTTP client for each call (one of several, each with a thread of its own) */
    public OpenAiClient(Supplier<HttpClient> http) {
        this.http = http;
    }

    /**
     * Adds the deployment's key, when it has one: in its {@link Deployment#apiKeyHeader()} as is
     * (Azure's {@code api-key}), else as {@code Authorization: Bearer}.
     */
    static HttpRequest.Builder withKey(HttpRequest.Builder request, Deployment d) {
        if (d.apiKey() != null && !d.apiKey().isBlank()) {
            if (d.apiKeyHeader() != null) {
                request.header(d.apiKeyHeader(), d.apiKey());
            } else {
                request.header("Authorization", "Bearer " + d.apiKey());
            }
        }
        return request;
    }

    @Override
    public ChatResult stream(Deployment deployment, ChatRequest request, Consumer<StreamEvent> events) {
        if (!request.completion() || request.suffix() == null) {
            return send(deployment, request, events, null);
        }
        FimTemplate fim = fims.forDeployment(deployment);
        try {
            return send(deployment, request, events, fim);
        } catch (ProviderException e) {
            return send(deployment, request, events, fims.retryAfter(deployment, fim, e));
        }
    }

    /** Sends {@code request}, a text completion's suffix as {@code fim} says (null: in the {@code suffix} field). */
    private ChatResult send(Deployment deployment, ChatRequest request, Consumer<StreamEvent> events, FimTemplate fim) {
        boolean text = request.completion();
        byte[] body = text ? TextCompletionWire.requestBody(deployment, request, fim) : requestBody(deployment, request);
        HttpRequest.Builder call = HttpRequest.newBuilder(UpstreamStream.resolve(deployment.baseUrl(),
                text ? TextCompletionWire.PATH : "chat/completions"));
        withKey(call, deployment);
        AnswerAssembler answer = new AnswerAssembler(events, request.maxOutputTokens());
        if (TextCompletionWire.templated(request, fim)) {
            answer.endAt(fim.stops());
        }
        Chunks chunks = new Chunks(deployment, answer, events, text);
        UpstreamStream opened;
        try {
            opened = UpstreamStream.open(http.get(), deployment, call, body);
        } catch (ProviderException e) {
            throw text ? TextCompletionWire.unserved(deployment, e) : e;
        }
        try (UpstreamStream stream = opened) {
            try {
                if (stream.isJson()) {
                    // One chat completion, or events labelled as JSON: read either way, at the end.
                    String all = stream.whole();
                    if (!all.stripLeading().startsWith("{")) {
                        chunks.accept(java.nio.ByteBuffer.wrap(all.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                    } else if (text) {
                        TextCompletionWire.whole(deployment, all, answer);
                    } else {
                        whole(deployment, all, answer);
                    }
                    stream.answered();
                } else if (stream.pump(chunks)) {
                    stream.answered();
                }
            } catch (ProviderException e) {
                if (e == chunks.failure || !answer.finished()) {
                    throw e;
                }
                // only the usage chunk or [DONE] went missing; the answer is whole
            }
            if (!answer.finished()) {
                throw stream.cut("stream ended before the model finished the answer");
            }
        }
        return answer.complete();
    }

    /**
     * The answer's bytes, split into events and read as chunks until {@code [DONE]}: on the HTTP
     * client's thread while the listener takes events there ({@link DirectSink}), else on the
     * caller's; on one thread at a time either way.
     */
    private static final class Chunks implements IdleTimeoutBody.Handler {
        private final Deployment deployment;
        private final AnswerAssembler answer;
        private final DirectSink direct;
        /** A text completion's chunks: each choice's text is the answer's. */
        private final boolean completion;
        private final SseParser parser = new SseParser();
        private final Consumer<SseReader.Event> onEvent = this::event;
        private boolean done;
        /** A failure the stream's own chunks reported (never excused by a finished answer). */
        private ProviderException failure;

        Chunks(Deployment deployment, AnswerAssembler answer, Consumer<StreamEvent> events, boolean completion) {
            this.deployment = deployment;
            this.completion = completion;
            this.answer = answer;
            this.direct = events instanceof DirectSink d ? d : null;
        }

        @Override
        public boolean direct() {
            return direct != null && direct.takesDirectly();
        }

        @Override
        public boolean accept(ByteBuffer bytes) {
            parser.feed(bytes, onEvent);
            return !done;
        }

        private void event(SseReader.Event event) {
            if (done) {
                return;
            }
            if (event.data().strip().equals("[DONE]")) {
                done = true;
                return;
            }
            try {
                if (event.name().equals("error")) {
                    throw ProviderErrors.errorEvent(deployment, event.data());
                }
                onChunk(deployment, event.data(), answer, completion);
                done = answer.overrun(); // a server far past its bound is not followed further
            } catch (ProviderException e) {
                failure = e;
                throw e;
            }
        }
    }

    private static void onChunk(Deployment d, String data, AnswerAssembler answer, boolean completion) {
        if (!ChunkReader.apply(data, answer, completion)) {
            readTree(d, data, answer, completion);
        }
    }

    /** Reads a chat completion's chunk as a tree ({@link #readTree(Deployment, String, AnswerAssembler, boolean)}). */
    static void readTree(Deployment d, String data, AnswerAssembler answer) {
        readTree(d, data, answer, false);
    }

    /**
     * Reads a chunk as a tree: any chunk, errors included (the common ones are {@link ChunkReader}'s);
     * a text completion's carries its text in each choice's {@code text}.
     */
    static void readTree(Deployment d, String data, AnswerAssembler answer, boolean completion) {
        JsonNode chunk = Json.parseOrNull(data);
        if (chunk == null) {
            throw ProviderErrors.transport(d, ProviderException.Kind.SERVER_ERROR, "unreadable stream chunk");
        }
        if (chunk.hasNonNull("error")) {
            JsonNode error = chunk.get("error");
            throw ProviderErrors.inStream(d, error.isObject() ? error : chunk);
        }
        JsonNode usage = chunk.path("usage");
        if (usage.isObject()) {
            usage(usage, answer);
        }
        for (JsonNode choice : chunk.path("choices")) {
            if (choice.path("index").asInt(0) != 0) {
                continue; // we ask for one choice; ignore extras some servers add
            }
            JsonNode delta = choice.path("delta");
            answer.reasoning(reasoning(delta));
            if (delta.path("content").isTextual()) {
                answer.text(delta.get("content").asText());
            } else if (completion && choice.path("text").isTextual()) {
                answer.text(choice.get("text").asText());
            }
            toolCalls(delta.path("tool_calls"), answer);
            if (choice.hasNonNull("finish_reason")) {
                answer.finish(finishReason(choice.get("finish_reason").asText()));
            }
        }
    }

    /**
     * A server's {@code finish_reason} as one of OpenAI's, which is what the engine and the
     * gateway's clients read (some of those fail to parse any other word): TGI ends with
     * {@code eos_token}, the legacy {@code function_call} is a tool call, and words added later
     * end an answer like {@code stop}.
     */
    static String finishReason(String wire) {
        return switch (wire) {
            case "stop", "length", "tool_calls", "content_filter" -> wire;
            case "function_call" -> "tool_calls";
            case "max_tokens" -> "length";
            default -> "stop";
        };
    }

    /**
     * A whole chat completion where a stream was asked for (servers that ignore {@code stream}):
     * passed on as one stream would have carried it. One without a choice is unreadable.
     */
    static void whole(Deployment d, String json, AnswerAssembler answer) {
        JsonNode completion = ProviderErrors.wholeAnswer(d, json);
        JsonNode choice = completion == null ? null : completion.path("choices").path(0);
        if (choice == null || !choice.path("message").isObject()) {
            throw ProviderErrors.transport(d, ProviderException.Kind.SERVER_ERROR, "unreadable answer: neither events nor a chat completion");
        }
        JsonNode message = choice.get("message");
        answer.reasoning(reasoning(message));
        if (message.path("content").isTextual() && !message.get("content").asText().isEmpty()) {
            answer.text(message.get("content").asText());
        }
        toolCalls(message.path("tool_calls"), answer);
        answer.finish(choice.hasNonNull("finish_reason") ? finishReason(choice.get("finish_reason").asText())
                : message.path("tool_calls").isEmpty() ? "stop" : "tool_calls");
        if (completion.path("usage").isObject()) {
            usage(completion.get("usage"), answer);
        }
    }

    /**
     * The thinking a reasoning parser took out of a delta's or a message's text, or null:
     * {@code reasoning_content} (vLLM, llama.cpp, LM Studio, DeepSeek) or {@code reasoning}
     * (Ollama's {@code /v1}, newer vLLM). A server between the two names sends both, with the
     * same text.
     */
    static String reasoning(JsonNode node) {
        for (String field : REASONING_FIELDS) {
            if (node.path(field).isTextual()) {
                return node.get(field).asText();
            }
        }
        return null;
    }

    static void usage(JsonNode usage, AnswerAssembler answer) {
        answer.usage(new Usage(usage.path("prompt_tokens").asInt(), usage.path("completion_tokens").asInt()));
    }

    /**
     * Tool-call deltas: a list, or one call as an object (text-generation-inference 2.x streams
     * {@code "tool_calls": {"index": 0, ...}}, its {@code ToolCallDelta} holding a single call).
     */
    static void toolCalls(JsonNode calls, AnswerAssembler answer) {
        if (calls.isObject()) {
            calls = Json.MAPPER.createArrayNode().add(calls);
        }
        for (int i = 0; i < calls.size(); i++) {
            JsonNode call = calls.get(i);
            JsonNode function = call.path("function");
            answer.toolCall(call.path("index").asInt(i), textOrNull(call, "id"), textOrNull(function, "name"),
                    textOrNull(function, "arguments"));
        }
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** The JSON body sent for {@code request}. */
    static byte[] requestBody(Deployment d, ChatRequest request) {
        ObjectNode body = Json.object();
        body.put("model", d.model());
        body.put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage m : request.messages()) {
            ObjectNode out = messages.addObject();
            out.put("role", m.role());
            switch (m.role()) {
                case "assistant" -> {
                    if (m.toolCalls().isEmpty() || !m.content().isEmpty()) {
                        out.put("content", m.content());
                    } else {
                        out.putNull("content");
                    }
                    if (!m.toolCalls().isEmpty()) {
                        ArrayNode calls = out.putArray("tool_calls");
                        for (ToolCall c : m.toolCalls()) {
                            ObjectNode call = calls.addObject().put("id", c.id()).put("type", "function");
                            call.putObject("function").put("name", c.name())
                                    .put("arguments", c.argumentsJson() == null ? "{}" : c.argumentsJson());
                        }
                    }
                }
                case "tool" -> out.put("tool_call_id", m.toolCallId()).put("content", m.content());
                default -> out.put("content", m.content());
            }
        }
        if (!request.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (ToolSpec t : request.tools()) {
                ObjectNode function = tools.addObject().put("type", "function").putObject("function");
                function.put("name", t.name()).put("description", t.description());
                function.set("parameters", parameters(d, t));
            }
        }
        Integer bound = ProviderClients.boundFor(d, request);
        Integer maxTokens = bound != null ? bound : d.maxOutputTokens();
        if (maxTokens != null) {
            body.put("max_tokens", maxTokens);
        }
        sampling(d, request, body);
        return Json.bytes(body);
    }

    /** The sampling options a chat and a text completion share, under OpenAI's names. */
    static void commonSampling(Sampling s, ObjectNode body) {
        putIfSet(body, "temperature", s.temperature());
        putIfSet(body, "top_p", s.topP());
        if (!s.stop().isEmpty()) {
            s.stop().forEach(body.withArray("stop")::add);
        }
        if (s.seed() != null) {
            body.put("seed", s.seed());
        }
        putIfSet(body, "presence_penalty", s.presencePenalty());
        putIfSet(body, "frequency_penalty", s.frequencyPenalty());
    }

    /** The request's sampling options, under the chat completions API's names. */
    private static void sampling(Deployment d, ChatRequest request, ObjectNode body) {
        Sampling s = request.sampling();
        commonSampling(s, body);
        if (!request.tools().isEmpty()) {
            ToolChoice choice = s.toolChoice();
            if (choice != null && choice.function() != null) {
                body.putObject("tool_choice").put("type", "function").putObject("function").put("name", choice.function());
            } else if (choice != null) {
                body.put("tool_choice", choice.mode());
            }
            if (s.parallelToolCalls() != null) {
                body.put("parallel_tool_calls", s.parallelToolCalls());
            }
        }
        if (s.reasoningEffort() != null) {
            body.put("reasoning_effort", s.reasoningEffort());
        }
        if (s.responseFormat() != null) {
            try {
                body.set("response_format", Json.objectOrEmpty(s.responseFormat(), "response_format"));
            } catch (IllegalArgumentException e) {
                throw ProviderErrors.transport(d, ProviderException.Kind.BAD_REQUEST, e.getMessage());
            }
        }
    }

    private static void putIfSet(ObjectNode body, String name, Double value) {
        if (value != null) {
            body.put(name, value);
        }
    }

    static JsonNode parameters(Deployment d, ToolSpec t) {
        try {
            return Json.objectOrEmpty(t.parametersSchema(), "parameters schema of tool " + t.name());
        } catch (IllegalArgumentException e) {
            throw ProviderErrors.transport(d, ProviderException.Kind.BAD_REQUEST, e.getMessage());
        }
    }
}
