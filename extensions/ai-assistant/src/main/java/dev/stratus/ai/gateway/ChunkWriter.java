package dev.stratus.ai.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.ai.JsonMappers;
import dev.stratus.ai.engine.RunResult;
import dev.stratus.ai.model.Tier;
import dev.stratus.ai.model.ToolCall;
import dev.stratus.ai.model.Usage;
import dev.stratus.extension.api.HttpResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes one stream's server-sent events: a chat completion's chunks, or a text completion's
 * ({@link #text}: {@code text_completion} objects, the text in each choice's {@code text}, no role
 * chunk). Each event is sent (flushed) as it is made; the text chunks, which are most of them, are
 * written from a prefix encoded once per stream.
 */
final class ChunkWriter {
    private static final ObjectMapper JSON = JsonMappers.newMapper();
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);

    private final OutputStream out;
    private final String id;
    private final long created;
    private final String model;
    /** A text completion's stream rather than a chat completion's. */
    private final boolean textCompletion;
    private final byte[] contentPrefix;
    private final byte[] contentSuffix;
    /** The body, when chunks can be sent to it from any thread without blocking. */
    private final HttpResponse.NonBlockingBody direct;
    /** The response's own thread, the one that may wait for a slow client. */
    private final Thread owner = Thread.currentThread();
    /** The role chunk went out (with the first event): the response's status is 200 for good. */
    private volatile boolean begun;
    private boolean ended;

    ChunkWriter(OutputStream out, String id, long created, String model) {
        this(out, id, created, model, false);
    }

    /** The writer of a text completion's stream ({@code POST /v1/completions}). */
    static ChunkWriter text(OutputStream out, String id, long created, String model) {
        return new ChunkWriter(out, id, created, model, true);
    }

    private ChunkWriter(OutputStream out, String id, long created, String model, boolean textCompletion) {
        this.out = out;
        this.textCompletion = textCompletion;
        this.direct = out instanceof HttpResponse.NonBlockingBody body ? body : null;
        this.id = id;
        this.created = created;
        this.model = model;
        String head = jsonText(chunk());
        this.contentPrefix = ("data: " + head.substring(0, head.length() - 1)
                + (textCompletion ? ",\"choices\":[{\"index\":0,\"text\":\"" : ",\"choices\":[{\"index\":0,\"delta\":{\"content\":\""))
                .getBytes(StandardCharsets.UTF_8);
        this.contentSuffix = (textCompletion ? "\",\"logprobs\":null,\"finish_reason\":null}]}\n\n" : "\"},\"finish_reason\":null}]}\n\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private ObjectNode chunk() {
        return textCompletion ? JSON.createObjectNode().put("id", id).put("object", "text_completion").put("created", created)
                .put("model", model) : chunk(id, created, model);
    }

    /** The first chunk: the assistant's role, no text yet (a text completion has none). */
    private byte[] role() {
        if (textCompletion) {
            return new byte[0];
        }
        ObjectNode c = chunk(id, created, model);
        ObjectNode choice = c.putArray("choices").addObject().put("index", 0);
        choice.putObject("delta").put("role", "assistant").put("content", "");
        choice.putNull("finish_reason");
        return event(c);
    }

    /** A text chunk: the same bytes as the tree would write, without building one. */
    byte[] content(String text) {
        byte[] escaped = JsonStringEncoder.getInstance().quoteAsUTF8(text);
        byte[] all = new byte[contentPrefix.length + escaped.length + contentSuffix.length];
        System.arraycopy(contentPrefix, 0, all, 0, contentPrefix.length);
        System.arraycopy(escaped, 0, all, contentPrefix.length, escaped.length);
        System.arraycopy(contentSuffix, 0, all, contentPrefix.length + escaped.length, contentSuffix.length);
        return all;
    }

    /**
     * Sends an event at once. On the provider's reading thread this never blocks (the engine
     * passes text there only while the client keeps up); on the response's own thread it
     * waits while the client is behind.
     */
    void send(byte[] event) throws IOException {
        if (!begun) {
            begun = true;
            byte[] role = role();
            byte[] both = java.util.Arrays.copyOf(role, role.length + event.length);
            System.arraycopy(event, 0, both, role.length, event.length);
            event = both;
        }
        if (direct == null) {
            out.write(event);
            out.flush();
        } else if (!direct.send(event) && Thread.currentThread() == owner) {
            out.flush();
        }
    }

    /** Whether chunks can be sent from any thread now without piling up for a slow client. */
    boolean keepingUp() {
        return direct != null && direct.keepingUp();
    }

    boolean ended() {
        return ended;
    }

    /**
     * Answers with {@code response} (say, a 429 with Retry-After) instead of the stream, if
     * nothing of it went out yet.
     *
     * @return whether it was sent; false once the stream began
     */
    boolean answerInstead(HttpResponse response) throws IOException {
        if (begun || !(out instanceof HttpResponse.Unsent unsent) || !unsent.answerInstead(response)) {
            return false;
        }
        ended = true;
        return true;
    }

    /**
     * The last chunk (finish reason, tool calls), the usage chunk when asked for, and [DONE],
     * sent together; the response then ends (clients that wait for the body's end, not
     * [DONE], are not kept waiting for the bookkeeping that follows).
     */
    void end(String finishReason, List<ToolCall> calls, Usage usage, Tier tier, String deployment, List<RunResult.Fallback> fallbacks)
            throws IOException {
        ended = true;
        if (!begun) {
            begun = true;
            out.write(role());
        }
        ObjectNode last = chunk();
        // Which model answered and which were left on the way, as the plain answer says it: a stratus/auto or a
        // fallback is seen here.
        last.putObject("stratus").put("tier", tier.id()).put("deployment", deployment).set("fallbacks", JSON.valueToTree(fallbacks));
        ObjectNode choice = last.putArray("choices").addObject().put("index", 0);
        if (textCompletion) {
            choice.put("text", "").putNull("logprobs");
        }
        ObjectNode delta = textCompletion ? null : choice.putObject("delta");
        if (!calls.isEmpty()) {
            ArrayNode list = delta.putArray("tool_calls");
            int i = 0;
            for (ToolCall c : calls) {
                list.addObject().put("index", i++).put("id", c.id()).put("type", "function").putObject("function")
                        .put("name", c.name()).put("arguments", c.argumentsJson());
            }
        }
        choice.put("finish_reason", finishReason);
        out.write(event(last));
        if (usage != null) {
            ObjectNode u = chunk();
            u.putArray("choices");
            u.putObject("usage").put("prompt_tokens", usage.promptTokens()).put("completion_tokens", usage.completionTokens())
                    .put("total_tokens", usage.total());
            out.write(event(u));
        }
        out.write(DONE);
        out.close();
    }

    /** An error event in place of the rest of the answer, then [DONE]. */
    void fail(ObjectNode error) throws IOException {
        ended = true;
        if (!begun) {
            begun = true;
            out.write(role());
        }
        out.write(event(error));
        out.write(DONE);
        out.flush();
    }

    private static byte[] event(JsonNode node) {
        return ("data: " + jsonText(node) + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    static ObjectNode chunk(String id, long created, String model) {
        return JSON.createObjectNode().put("id", id).put("object", "chat.completion.chunk").put("created", created).put("model", model);
    }

    /** The node as JSON text, written with this class's mapper (JsonNode.toString uses Jackson's own, per-thread buffers). */
    static String jsonText(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }
}
