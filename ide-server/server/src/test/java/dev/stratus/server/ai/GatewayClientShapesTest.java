package dev.stratus.server.ai;

import static dev.stratus.server.ai.AiServerFixture.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.ai.testing.RecordedRequest;
import dev.stratus.server.support.RpcClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The requests real OpenAI-compatible clients send, headers and bodies as they write them, and
 * what they need of the answer to read it.
 */
class GatewayClientShapesTest {
    @RegisterExtension
    static final AiServerFixture ai = AiServerFixture.with(deployment("small", "small", "small", 16000).withTools())
            .rateLimit(1000).userTokens(1_000_000);
    static final HttpClient HTTP = HttpClient.newHttpClient();

    /** The headers the official openai node client (and Continue and Cline, which use it) sends besides its own. */
    static final Map<String, String> OPENAI_NODE = Map.of("User-Agent", "OpenAI/JS 4.104.0", "X-Stainless-Lang", "js",
            "X-Stainless-Package-Version", "4.104.0", "X-Stainless-Retry-Count", "0", "Accept", "application/json");

    static HttpResponse<String> post(Map<String, String> headers, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(ai.server().baseUri().resolve("/v1/chat/completions"))
                .header("Authorization", "Bearer " + AiTestServer.TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The stream's events, each as JSON, up to {@code [DONE]} (which must end it). */
    static List<JsonNode> events(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).endsWith("data: [DONE]\n\n");
        List<JsonNode> events = new ArrayList<>();
        for (String line : r.body().lines().filter(l -> l.startsWith("data: {")).toList()) {
            events.add(RpcClient.JSON.readTree(line.substring("data: ".length())));
        }
        return events;
    }

    static String text(List<JsonNode> events) {
        StringBuilder text = new StringBuilder();
        events.forEach(e -> e.path("choices").forEach(c -> text.append(c.path("delta").path("content").asText(""))));
        return text.toString();
    }

    static RecordedRequest lastUpstream() {
        return ai.upstream().chatRequests().getLast();
    }

    @Test
    void continuesAutocompleteThroughChatSendsItsWholeStopListAndGetsItAnswered() throws Exception {
        // Continue slices stop to 4 only for api.openai.com, Groq, Azure and port 1337; any other server gets the template's
        // stop tokens, Continue's own and the language's (here Qwen's FIM template in a TypeScript file).
        List<String> stops = List.of("<|endoftext|>", "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>", "<|fim_pad|>",
                "<|repo_name|>", "<|file_sep|>", "<|im_start|>", "<|im_end|>", "/src/", "#- coding: utf-8", "```",
                "\nfunction", "\nclass", "\nmodule", "\nexport ");
        ai.upstream().openAi("small").thenStream("return a + b;");

        HttpResponse<String> r = post(OPENAI_NODE, """
                {"model": "stratus/small", "max_tokens": 4096, "temperature": 0.01, "stream": true,
                 "stop": %s, "stream_options": {"include_usage": true},
                 "messages": [{"role": "user", "content": "<|fim_prefix|>function add(a, b) {\\n  <|fim_suffix|>\\n}<|fim_middle|>"}]}"""
                .formatted(RpcClient.JSON.writeValueAsString(stops)));

        assertThat(text(events(r))).isEqualTo("return a + b;");
        List<String> sent = new ArrayList<>();
        lastUpstream().json().get("stop").forEach(s -> sent.add(s.asText()));
        assertThat(sent).as("every stop sequence reaches the model, none dropped").isEqualTo(stops);
    }

    @Test
    void zedsAgentTurnWithToolsGetsItsToolCallStreamedAsZedReadsIt() throws Exception {
        // Zed's open_ai crate: an assistant turn of no text is "content": [] (MessageContent::empty), a tool_choice
        // names a tool by its whole definition, parameters and description may be null, prompt_cache_key is Zed's own.
        ai.upstream().openAi("small").thenStream(dev.stratus.ai.testing.Answer.empty().toolCall("call_2", "read_file", "{\"path\":", "\"b.rs\"}"));

        HttpResponse<String> r = post(Map.of("User-Agent", "Zed/0.190.0"), """
                {"model": "stratus/small", "stream": true, "stream_options": {"include_usage": true},
                 "max_completion_tokens": 2048, "temperature": 1.0, "parallel_tool_calls": false, "prompt_cache_key": "thread-7",
                 "tool_choice": {"type": "function", "function": {"name": "read_file", "description": null, "parameters": null}},
                 "tools": [{"type": "function", "function": {"name": "read_file", "description": "Reads a file",
                            "parameters": {"type": "object", "properties": {"path": {"type": "string"}}, "required": ["path"]}}},
                           {"type": "function", "function": {"name": "now", "description": null, "parameters": null}}],
                 "messages": [
                   {"role": "system", "content": "You are a coding agent."},
                   {"role": "user", "content": [{"type": "text", "text": "Compare a.rs and b.rs"}]},
                   {"role": "assistant", "content": [], "tool_calls": [
                     {"id": "call_1", "type": "function", "function": {"name": "read_file", "arguments": "{\\"path\\":\\"a.rs\\"}"}}]},
                   {"role": "tool", "tool_call_id": "call_1", "content": [{"type": "text", "text": "fn a() {}"}]}]}""");

        List<JsonNode> events = events(r);
        JsonNode call = events.stream().flatMap(e -> java.util.stream.StreamSupport.stream(e.path("choices").spliterator(), false))
                .filter(c -> c.path("delta").has("tool_calls")).findFirst().orElseThrow().path("delta").get("tool_calls").get(0);
        assertThat(call.get("index").asInt()).isZero();
        assertThat(call.get("id").asText()).isEqualTo("call_2");
        assertThat(call.get("function").get("name").asText()).isEqualTo("read_file");
        assertThat(call.get("function").get("arguments").asText()).isEqualTo("{\"path\":\"b.rs\"}");
        assertThat(events.stream().anyMatch(e -> e.path("choices").path(0).path("finish_reason").asText().equals("tool_calls"))).isTrue();
        JsonNode usage = events.getLast();
        assertThat(usage.get("choices").isEmpty()).isTrue();
        assertThat(usage.get("usage").get("total_tokens").asInt()).isPositive();
        JsonNode sent = lastUpstream().json();
        assertThat(sent.get("messages").get(2).get("tool_calls").get(0).get("id").asText()).isEqualTo("call_1");
        assertThat(sent.get("messages").get(3).get("content").asText()).isEqualTo("fn a() {}");
        assertThat(sent.get("tool_choice").get("function").get("name").asText()).isEqualTo("read_file");
        assertThat(sent.get("max_tokens").asInt()).isEqualTo(2048);
    }

    @Test
    void clineAndRoosRequestIsAnsweredWithTheUsageTheyCount() throws Exception {
        // Cline's and Roo's OpenAI-compatible provider: text parts (an empty one among them), temperature 0, usage asked for.
        ai.upstream().openAi("small").thenStream("Done.");

        HttpResponse<String> r = post(OPENAI_NODE, """
                {"model": "stratus/small", "temperature": 0, "stream": true, "stream_options": {"include_usage": true},
                 "messages": [
                   {"role": "system", "content": "You are Cline."},
                   {"role": "user", "content": [{"type": "text", "text": "<task>fix it</task>"}, {"type": "text", "text": ""},
                                                {"type": "text", "text": "<environment_details>...</environment_details>"}]},
                   {"role": "assistant", "content": "<read_file><path>a.ts</path></read_file>"},
                   {"role": "user", "content": [{"type": "text", "text": "[read_file for 'a.ts'] Result: const a = 1;"}]}]}""");

        List<JsonNode> events = events(r);
        assertThat(text(events)).isEqualTo("Done.");
        assertThat(events.getFirst().get("id").asText()).startsWith("chatcmpl-");
        assertThat(events).allSatisfy(e -> assertThat(e.get("id").asText()).isEqualTo(events.getFirst().get("id").asText()));
        assertThat(events.getLast().get("usage").get("prompt_tokens").asInt()).isPositive();
        assertThat(lastUpstream().json().get("messages").get(1).get("content").asText())
                .isEqualTo("<task>fix it</task><environment_details>...</environment_details>");
    }

    @Test
    void langChainsPlainCallWithNamedMessagesAndAToolResultGetsAWholeCompletion() throws Exception {
        // langchain-openai's payload: n, stream false, a name on messages, an AI message of null content with its tool
        // calls, a tool message of content blocks.
        ai.upstream().openAi("small").thenStream("It is 12:00.");

        HttpResponse<String> r = post(Map.of("User-Agent", "OpenAI/Python 1.93.0", "X-Stainless-Lang", "python",
                "OpenAI-Organization", "org-x", "OpenAI-Project", "proj-y"), """
                {"model": "stratus/small", "n": 1, "stream": false, "temperature": 0.7, "parallel_tool_calls": false,
                 "tools": [{"type": "function", "function": {"name": "now", "description": "The time", "parameters": {"type": "object", "properties": {}}}}],
                 "messages": [
                   {"role": "system", "content": "Be brief."},
                   {"role": "user", "content": "What time is it?", "name": "alice"},
                   {"role": "assistant", "content": null, "tool_calls": [
                     {"type": "function", "id": "call_9", "function": {"name": "now", "arguments": "{}"}}]},
                   {"role": "tool", "tool_call_id": "call_9", "content": [{"type": "text", "text": "12:00"}]}]}""");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode completion = RpcClient.JSON.readTree(r.body());
        assertThat(completion.get("object").asText()).isEqualTo("chat.completion");
        assertThat(completion.get("choices").get(0).get("message").get("content").asText()).isEqualTo("It is 12:00.");
        assertThat(completion.get("choices").get(0).get("finish_reason").asText()).isEqualTo("stop");
        assertThat(completion.get("usage").get("total_tokens").asInt()).isPositive();
    }

    @Test
    void aidersRequestThroughLitellmIsStreamed() throws Exception {
        // litellm's openai/ provider with Aider's settings: plain string turns, temperature 0, a stream without usage.
        ai.upstream().openAi("small").thenStream("```python\nprint(1)\n```");

        HttpResponse<String> r = post(Map.of("User-Agent", "OpenAI/Python 1.93.0"), """
                {"model": "stratus/small", "stream": true, "temperature": 0,
                 "messages": [{"role": "system", "content": "Act as an expert software developer."},
                              {"role": "user", "content": "I switched to a new code base."},
                              {"role": "assistant", "content": "Ok."},
                              {"role": "user", "content": "print 1"}]}""");

        List<JsonNode> events = events(r);
        assertThat(text(events)).isEqualTo("```python\nprint(1)\n```");
        assertThat(events).noneMatch(e -> e.has("usage"));
        assertThat(events.getLast().get("choices").get(0).get("finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void theReasoningEffortZedAndAiderSetReachesTheModel() throws Exception {
        // Zed's custom model with reasoning_effort, Aider's --reasoning-effort (through litellm): a reasoning model thinks
        // as long as asked, not as long as its server's default.
        ai.upstream().openAi("small").thenStream("Fixed.");

        HttpResponse<String> r = post(Map.of("User-Agent", "Zed/0.190.0"), """
                {"model": "stratus/small", "stream": true, "stream_options": {"include_usage": true}, "reasoning_effort": "high",
                 "messages": [{"role": "user", "content": "Why does this deadlock?"}]}""");

        assertThat(text(events(r))).isEqualTo("Fixed.");
        assertThat(lastUpstream().json().path("reasoning_effort").asText()).isEqualTo("high");
    }
}
