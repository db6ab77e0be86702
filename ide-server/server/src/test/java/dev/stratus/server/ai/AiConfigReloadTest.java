package dev.stratus.server.ai;

import static dev.stratus.server.ai.AiServerFixture.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.ai.AssistantState;
import dev.stratus.ai.governance.AuditVerifier;
import dev.stratus.ai.testing.Answer;
import dev.stratus.ai.testing.ScriptedUpstream;
import dev.stratus.server.support.RpcClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An administrator edits the {@code ai:} section of stratus.yaml while the server runs: the
 * assistant takes the new deployments (and budgets) within seconds, without a restart, and
 * answers through them, in the chat and the gateway. An edit of the deployments, the routing or
 * limits is taken as the assistant runs, and answers being written go on to their end; after other
 * edits the assistant is activated again, and an answer being written then ends as interrupted,
 * with a message that says why. Either way the budget ledger and the audit chain go on.
 */
class AiConfigReloadTest {
    @TempDir
    Path base;

    private static String yaml(ScriptedUpstream upstream, long userTokens) {
        return AiServerFixture.with(deployment("small", "small", "small", 16000)).rateLimit(1000).userTokens(userTokens)
                .yaml(upstream.openAiBaseUrl());
    }

    /** Saves as editors do: a new file renamed over the old one. */
    private void save(String yaml) throws Exception {
        Path tmp = Files.writeString(base.resolve("stratus.yaml.tmp"), yaml);
        Files.move(tmp, base.resolve("stratus.yaml"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Waits until ai/status says what {@code ready} looks for. */
    private static JsonNode awaitStatus(AiTestServer ai, java.util.function.Predicate<JsonNode> ready) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            JsonNode r = ai.rpc().call("ai/status", Map.of());
            if (r.has("result") && ready.test(r.get("result"))) {
                return r.get("result");
            }
            assertThat(System.nanoTime()).as("ai/status never became what the edit asks: " + r).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static String text(List<JsonNode> events) {
        StringBuilder sb = new StringBuilder();
        events.stream().filter(e -> e.get("method").asText().equals("ai/delta")).forEach(e -> sb.append(e.get("params").get("text").asText()));
        return sb.toString();
    }

    private Path audit(AiTestServer ai) {
        return ai.dataDir().resolve("extensions/.host/data/ai-assistant/audit.jsonl");
    }

    private interface Edit {
        void run() throws Exception;
    }

    /** The notifications of the answer {@code requestId} to its end, {@code edit} made at its first text. */
    private static List<JsonNode> editWhileWriting(AiTestServer ai, String requestId, Edit edit) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        boolean edited = false;
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            JsonNode n = ai.rpc().nextNotification(deadline - System.currentTimeMillis());
            if (n == null || !requestId.equals(n.path("params").path("requestId").asText())) {
                continue;
            }
            events.add(n);
            if (!edited && n.get("method").asText().equals("ai/delta")) {
                edit.run();
                edited = true;
            }
            if (n.get("method").asText().equals("ai/done")) {
                break;
            }
        }
        assertThat(edited).as("the answer had text before it ended").isTrue();
        return events;
    }

    @Test
    void aServerWithNoModelGetsOneByAnEditAndAnswersThroughIt() throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.start();
             AiTestServer ai = AiTestServer.start(base, "# no model yet\n", Map.of(), "ai/status", s -> !s.isMissingNode())) {
            JsonNode before = ai.rpc().result("ai/status", Map.of());
            assertThat(before.get("configured").asBoolean()).isFalse();
            assertThat(before.get("help").asText()).contains("picked up within a few seconds").doesNotContain("restart Stratus");

            save(yaml(upstream, 100_000));
            awaitStatus(ai, s -> s.path("configured").asBoolean());

            upstream.openAi("small").thenStream("Hello ", "after the edit");
            List<JsonNode> events = ai.chat(Map.of("message", "Write a commit message", "task", "commit-message"));
            JsonNode done = AiTestServer.done(events);
            assertThat(done.has("error")).as(done.toString()).isFalse();
            assertThat(text(events)).isEqualTo("Hello after the edit");
            assertThat(done.get("route").get("deployment").asText()).isEqualTo("small");

            // The gateway's alias came back with the activation.
            upstream.openAi("small").thenStream("from the gateway");
            try (HttpClient http = HttpClient.newHttpClient()) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(ai.server().baseUri().resolve("/v1/chat/completions"))
                        .header("Authorization", AiTestServer.AUTH.get("Authorization")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"model\": \"stratus/small\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                assertThat(r.body()).contains("from the gateway");
            }
            assertThat(AuditVerifier.verifyWitnessed(audit(ai)).ok()).isTrue();
        }
    }

    @Test
    void aDeploymentRateLimitedBeforeAnEditIsNotCalledAgainUntilItsCooldownEnds() throws Exception {
        AiServerFixture two = AiServerFixture.with(deployment("small-a", "small", "model-a", 16000),
                deployment("small-b", "small", "model-b", 16000)).rateLimit(1000);
        AiServerFixture three = AiServerFixture.with(deployment("small-a", "small", "model-a", 16000),
                deployment("small-b", "small", "model-b", 16000), deployment("large", "large", "model-l", 16000)).rateLimit(1000);
        try (ScriptedUpstream upstream = ScriptedUpstream.start();
             AiTestServer ai = AiTestServer.start(base, two.yaml(upstream.openAiBaseUrl()), Map.of())) {
            upstream.openAi("model-a").thenStatus(429, Map.of("Retry-After", "120"));
            upstream.openAi("model-b").thenStream("From b.").thenStream("From b again.");
            JsonNode first = AiTestServer.done(ai.chat(Map.of("message", "Q1", "task", "commit-message")));
            assertThat(first.get("route").get("deployment").asText()).as(first.toString()).isEqualTo("small-b");
            long askedA = upstream.chatRequests().stream().filter(r -> r.body().contains("\"model-a\"")).count();
            assertThat(askedA).isEqualTo(1);

            // An edit elsewhere in the section activates the assistant again: small-a's two minutes are not forgotten.
            save(three.yaml(upstream.openAiBaseUrl()));
            JsonNode status = awaitStatus(ai, s -> s.path("deployments").size() == 3);
            JsonNode a = null;
            for (JsonNode d : status.get("deployments")) {
                if (d.get("name").asText().equals("small-a")) {
                    a = d;
                }
            }
            assertThat(a).isNotNull();
            assertThat(a.path("until").asText()).as(a.toString()).isNotEmpty();

            JsonNode second = AiTestServer.done(ai.chat(Map.of("message", "Q2", "task", "commit-message")));
            assertThat(second.has("error")).as(second.toString()).isFalse();
            assertThat(second.get("route").get("deployment").asText()).isEqualTo("small-b");
            assertThat(upstream.chatRequests().stream().filter(r -> r.body().contains("\"model-a\"")).count())
                    .as("small-a is not asked again while its cooldown runs").isEqualTo(1);
        }
    }

    @Test
    void anAnswerBeingWrittenAtAReloadEndsInterruptedAndTheLedgerAndAuditChainGoOn() throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.start();
             AiTestServer ai = AiTestServer.start(base, yaml(upstream, 100_000), Map.of())) {
            upstream.openAi("small").thenStream("First.");
            JsonNode first = AiTestServer.done(ai.chat(Map.of("message", "Q1", "task", "commit-message")));
            assertThat(first.has("error")).as(first.toString()).isFalse();
            String conversation = first.get("conversationId").asText();

            String[] chunks = new String[200];
            Arrays.fill(chunks, "more ");
            upstream.openAi("small").thenStream(Answer.text(chunks).chunkDelay(Duration.ofMillis(50)));
            String requestId = ai.rpc().result("ai/chat", Map.of("conversationId", conversation, "message", "Q2: a long one",
                    "task", "commit-message")).get("requestId").asText();
            // The last deployment removed while the answer is being written: taken by activating again.
            List<JsonNode> events = editWhileWriting(ai, requestId, () -> save("ai: {}\n"));
            JsonNode done = AiTestServer.done(events);
            assertThat(done.path("error").path("code").asInt()).as(done.toString()).isEqualTo(1011);
            assertThat(done.path("error").path("message").asText()).contains("configuration").contains("ask again");
            assertThat(text(events)).startsWith("more ").isNotEqualTo("more ".repeat(200));

            awaitStatus(ai, s -> !s.path("configured").asBoolean());
            save(yaml(upstream, 100_000));
            awaitStatus(ai, s -> s.path("configured").asBoolean());
            JsonNode stored = ai.rpc().result("ai/conversation", Map.of("conversationId", conversation)).get("messages");
            assertThat(stored).hasSize(4);
            assertThat(stored.get(3).get("text").asText()).startsWith("more ")
                    .endsWith("*Interrupted before the answer was finished: the page was closed or reloaded or lost its connection,"
                            + " or the assistant restarted (the server stopped, or its configuration was changed).*");

            upstream.openAi("small").thenStream("Third.");
            JsonNode third = AiTestServer.done(ai.chat(Map.of("conversationId", conversation, "message", "Q3", "task", "commit-message")));
            assertThat(third.has("error")).as(third.toString()).isFalse();

            // The same ledger and audit log, continued: the chain holds every record, before and after the reload.
            Path ledger = ai.dataDir().resolve("extensions/.host/data/ai-assistant/budgets/" + LocalDate.now(ZoneOffset.UTC) + ".jsonl");
            assertThat(Files.readAllLines(ledger).stream().filter(l -> l.contains("\"op\":\"reserve\""))).hasSize(3);
            AuditVerifier.Result verified = AuditVerifier.verifyWitnessed(audit(ai));
            assertThat(verified.ok()).as(verified.toString()).isTrue();
            assertThat(verified.records()).isGreaterThanOrEqualTo(3);
            Process p = dev.stratus.server.support.Cli.start(List.of("audit", "verify", "--data-dir", ai.dataDir().toString()),
                    Map.of("STRATUS_BUILTIN_EXTENSIONS_DIR", ai.builtIn().toString()), List.of());
            String out = dev.stratus.server.support.Cli.output(p);
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out).startsWith("ok: ");
        }
    }

    @Test
    void anEditOfTheDeploymentsAndLimitsKeepsTheAnswersBeingWrittenAndTheNextRequestsUseTheNewOnes() throws Exception {
        AiServerFixture one = AiServerFixture.with(deployment("small", "small", "small", 16000)).rateLimit(1000).userTokens(100_000);
        // A larger model, a budget and a rate limit raised and counted by the month, answers waiting longer for their
        // page, and prompts audited.
        AiServerFixture two = AiServerFixture.with(deployment("small", "small", "small", 16000),
                deployment("large", "large", "model-l", 16000)).rateLimit(2000).userTokens(200_000).monthlyBudgets()
                .resumeSeconds(10).auditPrompts();
        try (ScriptedUpstream upstream = ScriptedUpstream.start();
             AiTestServer ai = AiTestServer.start(base, one.yaml(upstream.openAiBaseUrl()), Map.of());
             HttpClient http = HttpClient.newHttpClient()) {
            String[] chunks = new String[100];
            Arrays.fill(chunks, "more ");
            upstream.openAi("small").thenStream(Answer.text(chunks).chunkDelay(Duration.ofMillis(40)))
                    .thenStream(Answer.text(chunks).chunkDelay(Duration.ofMillis(40)));
            // A client of the gateway streaming, and a chat answer being written, when the edit is saved.
            var gatewayStream = http.sendAsync(HttpRequest.newBuilder(ai.server().baseUri().resolve("/v1/chat/completions"))
                    .header("Authorization", AiTestServer.AUTH.get("Authorization")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"stratus/small\", \"stream\": true,"
                            + " \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            String requestId = ai.rpc().result("ai/chat", Map.of("message", "Q1: a long one", "task", "commit-message"))
                    .get("requestId").asText();
            // A larger model added while the answer is being written: taken before the answer ends.
            List<JsonNode> events = editWhileWriting(ai, requestId, () -> {
                save(two.yaml(upstream.openAiBaseUrl()));
                awaitStatus(ai, st -> st.path("deployments").size() == 2);
            });
            JsonNode done = AiTestServer.done(events);
            assertThat(done.has("error")).as(done.toString()).isFalse();
            assertThat(text(events)).isEqualTo("more ".repeat(100));
            HttpResponse<String> streamed = gatewayStream.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(streamed.statusCode()).isEqualTo(200);
            assertThat(streamed.body()).endsWith("data: [DONE]\n\n").doesNotContain("\"error\"");
            assertThat(streamed.body().split("more ", -1)).hasSize(101);

            // The next question goes to the deployment the edit added.
            upstream.openAi("model-l").thenStream("From the large one.");
            JsonNode next = AiTestServer.done(ai.chat(Map.of("message", "Q2", "task", "design")));
            assertThat(next.has("error")).as(next.toString()).isFalse();
            assertThat(next.get("route").get("deployment").asText()).isEqualTo("large");
            AuditVerifier.Result verified = AuditVerifier.verifyWitnessed(audit(ai));
            assertThat(verified.ok()).as(verified.toString()).isTrue();
            assertThat(verified.records()).isEqualTo(3);
            // The requests begun before the edit settled in the day's ledger; the next one is counted in the month's.
            Path budgets = ai.dataDir().resolve("extensions/.host/data/ai-assistant/budgets");
            assertThat(Files.readAllLines(budgets.resolve(LocalDate.now(ZoneOffset.UTC) + ".jsonl")))
                    .filteredOn(l -> l.contains("\"op\":\"settle\"")).hasSize(2);
            assertThat(Files.readAllLines(budgets.resolve(java.time.YearMonth.now(ZoneOffset.UTC) + ".jsonl")))
                    .filteredOn(l -> l.contains("\"op\":\"reserve\"")).hasSize(1);
            // Prompts are audited from the first request after the edit: not those begun before it.
            List<JsonNode> records = new ArrayList<>();
            for (String line : Files.readAllLines(audit(ai))) {
                records.add(RpcClient.JSON.readTree(line));
            }
            assertThat(records).extracting(r -> r.path("prompt").asText()).satisfiesExactlyInAnyOrder(
                    p -> assertThat(p).isEmpty(), p -> assertThat(p).isEmpty(), p -> assertThat(p).contains("Q2"));
        }
    }

    @Test
    void anEditOfResumeSecondsAppliesToTheAnswersWhosePageGoesAwayAfterIt() throws Exception {
        AiServerFixture noWait = AiServerFixture.with(deployment("small", "small", "small", 16000)).rateLimit(1000)
                .userTokens(100_000).resumeSeconds(0);
        AiServerFixture waits = AiServerFixture.with(deployment("small", "small", "small", 16000)).rateLimit(1000)
                .userTokens(100_000).resumeSeconds(60);
        try (ScriptedUpstream upstream = ScriptedUpstream.start();
             AiTestServer ai = AiTestServer.start(base, noWait.yaml(upstream.openAiBaseUrl()), Map.of())) {
            JsonNode n;
            while (ai.rpc().nextNotification(1000) != null) {
                // What the server said at start (the extensions it activated) is not the edit's.
            }
            save(waits.yaml(upstream.openAiBaseUrl()));
            // Taken as the assistant runs: the host tells the pages.
            do {
                n = ai.rpc().nextNotification(20_000);
                assertThat(n).as("extensions/didChange after the edit").isNotNull();
            } while (!n.get("method").asText().equals("extensions/didChange"));

            String[] chunks = new String[20];
            Arrays.fill(chunks, "more ");
            upstream.openAi("small").thenStream(Answer.text(chunks).chunkDelay(Duration.ofMillis(100)));
            String requestId;
            try (RpcClient page = ai.connect()) {
                requestId = page.result("ai/chat", Map.of("message", "Q1: a long one", "task", "commit-message"))
                        .get("requestId").asText();
                AiTestServer.awaitFirstText(page);
            }
            // Its page gone, the answer waits for it now (with resumeSeconds 0 it would stop with it).
            Thread.sleep(300);
            try (RpcClient back = ai.connect()) {
                back.result("ai/resume", Map.of("requestId", requestId));
                List<JsonNode> events = AiTestServer.eventsUntilDone(back, requestId);
                assertThat(AiTestServer.done(events).has("error")).as(events.getLast().toString()).isFalse();
                assertThat(text(events)).isEqualTo("more ".repeat(20));
            }
        }
    }

    /** The status of GET /v1/models once it is {@code expected}, within 20 s. */
    private static void awaitModels(AiTestServer ai, HttpClient http, int expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            int status = http.send(HttpRequest.newBuilder(ai.server().baseUri().resolve("/v1/models"))
                    .header("Authorization", AiTestServer.AUTH.get("Authorization")).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status == expected) {
                return;
            }
            assertThat(System.nanoTime()).as("GET /v1/models answered " + status + ", not " + expected).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    void theGatewayTurnedOffLetsItsStreamsEndAndChatGoOnAndTurnedOnServesAgain() throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.start();
             AiTestServer ai = AiTestServer.start(base, yaml(upstream, 100_000), Map.of());
             HttpClient http = HttpClient.newHttpClient()) {
            String on = yaml(upstream, 100_000);
            // Two answers of 6 s each.
            String[] chunks = new String[100];
            Arrays.fill(chunks, "more ");
            upstream.openAi("small").thenStream(Answer.text(chunks).chunkDelay(Duration.ofMillis(60)))
                    .thenStream(Answer.text(chunks).chunkDelay(Duration.ofMillis(60)));
            long started = System.nanoTime();
            var lines = http.send(HttpRequest.newBuilder(ai.server().baseUri().resolve("/v1/chat/completions"))
                    .header("Authorization", AiTestServer.AUTH.get("Authorization")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"stratus/small\", \"stream\": true,"
                            + " \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}"))
                    .build(), HttpResponse.BodyHandlers.ofLines());
            assertThat(lines.statusCode()).isEqualTo(200);
            var stream = lines.body().iterator();
            StringBuilder body = new StringBuilder();
            while (!body.toString().contains("more ")) {
                body.append(stream.next()).append('\n');
            }
            String requestId = ai.rpc().result("ai/chat", Map.of("message", "Q1: a long one", "task", "commit-message"))
                    .get("requestId").asText();

            // Turned off while both are written: /v1 has no route any more, and both go on to their end.
            save(on + "  gateway: {enabled: false}\n");
            awaitModels(ai, http, 404);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("taken while both were written").isLessThan(Duration.ofSeconds(5));
            stream.forEachRemaining(l -> body.append(l).append('\n'));
            assertThat(body.toString()).endsWith("data: [DONE]\n\n").doesNotContain("\"error\"");
            assertThat(body.toString().split("more ", -1)).hasSize(101);
            List<JsonNode> events = AiTestServer.eventsUntilDone(ai.rpc(), requestId);
            assertThat(AiTestServer.done(events).has("error")).as(events.getLast().toString()).isFalse();
            assertThat(text(events)).isEqualTo("more ".repeat(100));

            save(on);
            awaitModels(ai, http, 200);
        }
    }

    @Test
    void requestsAreAnsweredWhileTheDeploymentAnEditAddsIsProbed() throws Exception {
        AiServerFixture one = AiServerFixture.with(deployment("small", "small", "small", 16000)).rateLimit(1000);
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             ScriptedUpstream upstream = ScriptedUpstream.start();
             AiTestServer ai = AiTestServer.start(base, one.yaml(upstream.openAiBaseUrl()), Map.of())) {
            // A model server that takes the connection and never answers: its probe waits for its time limit.
            List<java.net.Socket> held = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            });
            String yaml = one.yaml(upstream.openAiBaseUrl());
            int end = yaml.indexOf('\n', yaml.indexOf("name: small")) + 1;
            save(yaml.substring(0, end) + "    - {name: silent, tier: large, provider: openai, baseUrl: \"http://127.0.0.1:"
                    + silent.getLocalPort() + "/v1\", model: m}\n" + yaml.substring(end));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (held.isEmpty()) {
                assertThat(System.nanoTime()).as("the new deployment probed").isLessThan(deadline);
                Thread.sleep(20);
            }

            // While it is probed, the assistant answers with the deployments it had.
            upstream.openAi("small").thenStream("Answered meanwhile.");
            JsonNode done = AiTestServer.done(ai.chat(Map.of("message", "Q1", "task", "commit-message")));
            assertThat(done.has("error")).as(done.toString()).isFalse();
            assertThat(ai.rpc().result("ai/status", Map.of()).get("deployments")).as("the probe is not over yet").hasSize(1);

            JsonNode after = awaitStatus(ai, st -> st.path("deployments").size() == 2);
            assertThat(after.get("deployments").get(1).get("name").asText()).isEqualTo("silent");
            assertThat(after.get("deployments").get(1).path("problem").asText()).isNotEmpty();
            synchronized (held) {
                for (java.net.Socket socket : held) {
                    socket.close();
                }
            }
        }
    }

    /** The help an unconfigured assistant gives no longer asks for a restart. */
    @Test
    void theHelpSaysAnEditIsPickedUp() {
        assertThat(AssistantState.HELP).contains("within a few seconds").doesNotContain("then restart");
    }
}
