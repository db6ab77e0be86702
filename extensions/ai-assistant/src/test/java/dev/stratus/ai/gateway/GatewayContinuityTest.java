package dev.stratus.ai.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratus.ai.continuity.CooldownReason;
import dev.stratus.ai.testing.ScriptedEngine;
import dev.stratus.ai.testing.ScriptedUpstream;
import dev.stratus.extension.api.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway while deployments rate-limit, cool down and cut answers off, as its clients see it. */
class GatewayContinuityTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;
    final ScriptedUpstream upstream = ScriptedUpstream.start();
    ScriptedEngine ai;
    OpenAiGateway gateway;

    @BeforeEach
    void start() {
        ai = new ScriptedEngine(upstream, data, "s-oa:small", "s-b:small", "m-oa:medium");
        gateway = new OpenAiGateway(ai.engine, ai.state);
    }

    @AfterEach
    void close() throws Exception {
        ai.close();
        upstream.close();
    }

    HttpResponse post(String body) throws Exception {
        return GatewayCalls.answered(gateway.completions(new OpenAiGatewayTest.Post(body.getBytes(StandardCharsets.UTF_8))));
    }

    static String streamed(HttpResponse response) throws Exception {
        return new String(GatewayCalls.answered(response).body(), StandardCharsets.UTF_8);
    }

    /** The stream's last chunk before any usage chunk: the one with a finish reason. */
    static JsonNode lastChunk(String body) throws Exception {
        String line = body.lines().filter(l -> l.contains("\"finish_reason\":\"")).reduce((a, b) -> b).orElseThrow();
        return JSON.readTree(line.substring("data: ".length()));
    }

    void coolAll(long seconds) {
        for (String d : new String[] {"s-oa", "s-b", "m-oa"}) {
            ai.cooldowns.recordFailure(d, CooldownReason.RATE_LIMITED, Duration.ofSeconds(seconds));
        }
    }

    @Test
    void aRequestNoModelCanAnswerWithinTheWaitIsA503WithRetryAfter() throws Exception {
        coolAll(100);
        ai.time.advance(Duration.ofMillis(300));

        for (String stream : new String[] {"false", "true"}) {
            HttpResponse r = post("""
                    {"model": "stratus/small", "stream": %s, "messages": [{"role": "user", "content": "hi"}]}""".formatted(stream));

            assertThat(r.status()).as(stream).isEqualTo(503);
            assertThat(r.headers()).as(stream).containsEntry("Retry-After", "100");
            String message = JSON.readTree(r.body()).get("error").get("message").asText();
            assertThat(message).contains("s-oa (small): rate limited, available again in 100 s")
                    .doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}T").doesNotContain("score");
        }
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void aRequestWhileEveryModelCoolsDownBrieflyWaitsAndIsAnswered() throws Exception {
        coolAll(5);
        upstream.openAi("s-oa").thenStream("after ", "the wait");

        HttpResponse r = post("""
                {"model": "stratus/small", "stream": true, "messages": [{"role": "user", "content": "hi"}]}""");

        assertThat(r.status()).isEqualTo(200);
        String body = streamed(r);
        assertThat(body).contains("\"content\":\"after \"").endsWith("data: [DONE]\n\n");
        assertThat(lastChunk(body).get("stratus").get("deployment").asText()).isEqualTo("s-oa");
        assertThat(ai.time.sleeps).containsExactly(Duration.ofSeconds(5));
    }

    @Test
    void anAnswerCutOffAfterTextIsAuditedAsACutNamingTheDeploymentNotAsAClientThatLeft() throws Exception {
        upstream.openAi("s-oa").thenCut("The first ", "half");

        String body = streamed(post("""
                {"model": "stratus/small", "stream": true, "messages": [{"role": "user", "content": "hi"}]}"""));

        assertThat(body).contains("cut off after 14 characters").endsWith("data: [DONE]\n\n");
        JsonNode record = ai.auditRecords().getLast();
        assertThat(record.get("outcome").asText()).isEqualTo("error:stream-cut");
        assertThat(record.get("deployment").asText()).isEqualTo("s-oa");
        assertThat(record.get("fallbacks")).extracting(JsonNode::asText).containsExactly("s-oa: cut off after 14 characters");
    }

    @Test
    void aRequestNoDeploymentAnsweredIsAuditedWithEveryDeploymentTried() throws Exception {
        for (String d : new String[] {"s-oa", "s-b", "m-oa"}) {
            upstream.openAi(d).thenStatus(429, java.util.Map.of("Retry-After", "100"));
        }

        HttpResponse r = post("""
                {"model": "stratus/small", "messages": [{"role": "user", "content": "hi"}]}""");

        assertThat(r.status()).isEqualTo(503);
        // Found in the call, not at admission: it says when the first is back all the same.
        assertThat(r.headers()).containsEntry("Retry-After", "100");
        JsonNode record = ai.auditRecords().getLast();
        assertThat(record.get("outcome").asText()).isEqualTo("error:unavailable");
        assertThat(record.get("fallbacks")).extracting(JsonNode::asText)
                .containsExactly("s-oa: rate limited", "s-b: rate limited", "m-oa: rate limited");
    }

    @Test
    void aStreamedAnswerNamesTheDeploymentsLeftOnTheWayAsThePlainAnswerDoes() throws Exception {
        upstream.openAi("s-oa").thenStatus(429, java.util.Map.of("Retry-After", "20"));
        upstream.openAi("s-b").thenStream("from ", "the second");

        String body = streamed(post("""
                {"model": "stratus/small", "stream": true, "messages": [{"role": "user", "content": "hi"}]}"""));

        JsonNode stratus = lastChunk(body).get("stratus");
        assertThat(stratus.get("deployment").asText()).isEqualTo("s-b");
        assertThat(stratus.get("fallbacks")).hasSize(1);
        assertThat(stratus.get("fallbacks").get(0).get("deployment").asText()).isEqualTo("s-oa");
        assertThat(stratus.get("fallbacks").get(0).get("reason").asText()).isEqualTo("rate limited");
    }

    @Test
    void anAnswerFromAnotherTierBecauseTheFirstIsCoolingDownSaysSo() throws Exception {
        ai.cooldowns.recordFailure("s-oa", CooldownReason.RATE_LIMITED, Duration.ofSeconds(12));
        ai.cooldowns.recordFailure("s-b", CooldownReason.SERVER_ERROR, Duration.ofSeconds(90));

        for (String stream : new String[] {"false", "true"}) {
            upstream.openAi("m-oa").thenStream("medium ", "answers");
            HttpResponse r = post("""
                    {"model": "stratus/small", "stream": %s, "messages": [{"role": "user", "content": "hi"}]}""".formatted(stream));

            JsonNode stratus = stream.equals("true") ? lastChunk(streamed(r)).get("stratus") : JSON.readTree(r.body()).get("stratus");
            assertThat(stratus.get("deployment").asText()).as(stream).isEqualTo("m-oa");
            assertThat(stratus.get("fallbacks").toString()).as(stream).isEqualTo("[{\"deployment\":\"s-oa\","
                    + "\"reason\":\"cooling down (rate limited, available again in 12 s)\"},{\"deployment\":\"s-b\","
                    + "\"reason\":\"cooling down (failing with server errors, available again in 90 s)\"}]");
        }
    }

    @Test
    void anAbsurdRetryAfterCoolsADeploymentDownForFiveMinutesAtMostAndTheStatusSaysUntilWhen() throws Exception {
        upstream.openAi("s-oa").thenStatus(429, java.util.Map.of("Retry-After", "1e30"));
        upstream.openAi("s-b").thenStatus(429, java.util.Map.of("Retry-After", "100000"));
        upstream.openAi("m-oa").thenStream("still ", "answered");
        java.time.Instant now = ai.time.instant();

        HttpResponse r = post("""
                {"model": "stratus/small", "messages": [{"role": "user", "content": "hi"}]}""");

        assertThat(r.status()).isEqualTo(200);
        String fiveMinutes = now.plus(Duration.ofMinutes(5)).toString();
        assertThat(ai.state.status().deployments()).filteredOn(d -> d.tier().equals("small"))
                .extracting(d -> d.name() + " " + d.state() + " " + d.until())
                .containsExactly("s-oa cooling-down " + fiveMinutes, "s-b cooling-down " + fiveMinutes);

        ai.time.advance(Duration.ofMinutes(5));
        upstream.openAi("s-oa").thenStream("back");
        HttpResponse later = post("""
                {"model": "stratus/small", "messages": [{"role": "user", "content": "hi"}]}""");
        assertThat(JSON.readTree(later.body()).get("stratus").get("deployment").asText()).isEqualTo("s-oa");
    }
}
