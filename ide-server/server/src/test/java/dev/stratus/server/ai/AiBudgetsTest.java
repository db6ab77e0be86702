package dev.stratus.server.ai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.ai.testing.Answer;
import dev.stratus.ai.testing.ScriptedUpstream;
import dev.stratus.server.support.RpcClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Token budgets as an administrator configures them and a user meets them, through the whole stack. */
class AiBudgetsTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path base;

    static AiTestServer start(Path base, ScriptedUpstream upstream, String budgets) throws Exception {
        return AiTestServer.start(base, """
                ai:
                  deployments:
                    - {name: small, tier: small, provider: openai, baseUrl: "%s", model: small, contextTokens: 32000, tools: false}
                  governance:
                    budgets: %s
                """.formatted(upstream.openAiBaseUrl(), budgets), Map.of());
    }

    static HttpResponse<String> post(AiTestServer ai, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(ai.server().baseUri().resolve("/v1/chat/completions"))
                .header("Authorization", "Bearer " + AiTestServer.TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String me(AiTestServer ai) throws Exception {
        HttpResponse<String> me = HTTP.send(HttpRequest.newBuilder(ai.server().baseUri().resolve("/api/me"))
                .header("Authorization", "Bearer " + AiTestServer.TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        return RpcClient.JSON.readTree(me.body()).path("name").asText();
    }

    static final String HI = """
            {"model": "stratus/small", "messages": [{"role": "user", "content": "hi"}]}""";

    @Test
    void aTeamBudgetNamingItsMembersByLoginNameHoldsThem() throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.start();
             AiTestServer ai = start(base, upstream, "{teams: {core: [admin]}, teamTokens: {core: 10}}")) {
            assertThat(me(ai)).isEqualTo("admin");
            HttpResponse<String> r = post(ai, HI);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
            JsonNode error = RpcClient.JSON.readTree(r.body()).get("error");
            assertThat(error.get("code").asText()).isEqualTo("insufficient_quota");
            assertThat(error.get("message").asText()).contains("team 'core'");
            // Spent until the period ends: OpenAI's clients are told not to retry it in vain.
            assertThat(r.headers().firstValue("X-Should-Retry")).hasValue("false");
            assertThat(upstream.chatRequests()).isEmpty();
        }
    }

    @Test
    void aUserBudgetNamingTheUserByLoginNameHoldsThem() throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.start();
             AiTestServer ai = start(base, upstream, "{userTokens: 0, users: {admin: 10}}")) {
            HttpResponse<String> r = post(ai, HI);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
            assertThat(RpcClient.JSON.readTree(r.body()).get("error").get("message").asText()).contains("user 'admin'");
            assertThat(upstream.chatRequests()).isEmpty();
        }
    }

    @Test
    void everyCallThroughTheGatewayAndTheChatSendsTheBoundItsBudgetHolds() throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.start();
             AiTestServer ai = start(base, upstream, "{userTokens: 5000}")) {
            upstream.openAi("small").thenStream(Answer.text("Hello.").usage(10, 100)).thenStream(Answer.text("A message.").usage(900, 20));
            HttpResponse<String> r = post(ai, HI);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            int gateway = upstream.chatRequests().getLast().json().path("max_tokens").asInt();
            // The budget is smaller than the default bound: the call may use what remains of it, no more.
            assertThat(gateway).isBetween(4000, 5000);

            List<JsonNode> events = ai.chat(Map.of("message", "write a commit message", "task", "commit-message"));
            assertThat(AiTestServer.done(events).has("error")).as(events.toString()).isFalse();
            JsonNode chat = upstream.chatRequests().getLast().json();
            assertThat(chat.path("max_tokens").asInt()).isPositive().isLessThanOrEqualTo(5000 - 110);
        }
    }
}
