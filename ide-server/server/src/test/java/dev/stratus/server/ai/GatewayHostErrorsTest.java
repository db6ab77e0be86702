package dev.stratus.server.ai;

import static dev.stratus.server.ai.AiServerFixture.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.server.support.RpcClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the server itself answers under the gateway's alias ({@code /v1}) before the gateway is
 * asked: an OpenAI client reads {@code error.message} and {@code error.type}, so these errors
 * come in that shape, with their status, and the server answers the next request as before.
 */
class GatewayHostErrorsTest {
    @RegisterExtension
    static final AiServerFixture ai = AiServerFixture.with(deployment("small", "small", "small", 16000)).rateLimit(1000);
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static HttpResponse<String> send(String method, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(ai.server().baseUri().resolve(path))
                .header("Authorization", "Bearer " + AiTestServer.TOKEN).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode openAiError(HttpResponse<String> r) throws Exception {
        JsonNode error = RpcClient.JSON.readTree(r.body()).get("error");
        assertThat(error).as(r.body()).isNotNull();
        assertThat(error.isObject()).as(r.body()).isTrue();
        assertThat(error.get("message").asText()).as(r.body()).isNotBlank();
        assertThat(error.get("type").asText()).as(r.body()).isNotBlank();
        assertThat(error.has("code")).as(r.body()).isTrue();
        return error;
    }

    @Test
    void aBodyOverTheLimitAWrongMethodAndAnUnknownRouteGetOpenAiErrors() throws Exception {
        String tooLarge = "{\"messages\": [{\"role\": \"user\", \"content\": \"" + "a".repeat(1 << 20) + "\"}]}";

        HttpResponse<String> large = send("POST", "/v1/chat/completions", tooLarge);
        HttpResponse<String> put = send("PUT", "/v1/chat/completions", "{}");
        HttpResponse<String> unknown = send("GET", "/v1/embeddings", null);

        assertThat(large.statusCode()).isEqualTo(413);
        assertThat(openAiError(large).get("message").asText()).contains("1 MiB");
        assertThat(put.statusCode()).isEqualTo(405);
        openAiError(put);
        assertThat(put.headers().firstValue("Allow")).hasValue("POST");
        assertThat(unknown.statusCode()).isEqualTo(404);
        openAiError(unknown);
        HttpResponse<String> models = send("GET", "/v1/models", null);
        assertThat(models.statusCode()).isEqualTo(200);
        assertThat(models.body()).contains("stratus/small");
    }

    @Test
    void aCompressedBodyIsRefusedAsSuchNotReadAsBrokenJson() throws Exception {
        java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
        try (var out = new java.util.zip.GZIPOutputStream(gz)) {
            out.write("{\"model\": \"stratus/small\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(ai.server().baseUri().resolve("/v1/chat/completions"))
                .header("Authorization", "Bearer " + AiTestServer.TOKEN).header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip").POST(HttpRequest.BodyPublishers.ofByteArray(gz.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(openAiError(r).get("message").asText()).contains("Content-Encoding").contains("uncompressed");
    }

    @Test
    void theSameErrorsUnderTheExtensionsOwnPathKeepTheServersShape() throws Exception {
        HttpResponse<String> put = send("PUT", "/api/ext/ai-assistant/chat/completions", "{}");

        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(RpcClient.JSON.readTree(put.body()).get("error").asText()).isEqualTo("method_not_allowed");
    }

    @Test
    void aWrongTokenAndAForeignOriginGetOpenAiErrors() throws Exception {
        HttpResponse<String> wrongToken = HTTP.send(HttpRequest.newBuilder(ai.server().baseUri().resolve("/v1/models"))
                .header("Authorization", "Bearer not-a-token").GET().build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> foreign = HTTP.send(HttpRequest.newBuilder(ai.server().baseUri().resolve("/v1/chat/completions"))
                .header("Authorization", "Bearer " + AiTestServer.TOKEN).header("Origin", "https://elsewhere.example")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(wrongToken.statusCode()).isEqualTo(401);
        assertThat(openAiError(wrongToken).get("code").asText()).isEqualTo("unauthenticated");
        assertThat(foreign.statusCode()).isEqualTo(403);
        openAiError(foreign);
        HttpResponse<String> me = HTTP.send(HttpRequest.newBuilder(ai.server().baseUri().resolve("/api/me"))
                .header("Authorization", "Bearer not-a-token").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(RpcClient.JSON.readTree(me.body()).get("error").asText()).as("the server's own API keeps its shape")
                .isEqualTo("unauthenticated");
    }
}
