package dev.stratus.ai.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.testing.ScriptedUpstream;
import dev.stratus.ai.testing.TestDeployments;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeploymentProbeTest {
    private static final String COMPLETION = """
            {"id":"chatcmpl-1","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"OK"},
             "finish_reason":"stop"}],"usage":{"prompt_tokens":60,"completion_tokens":1,"total_tokens":61}}""";

    private final ScriptedUpstream upstream = ScriptedUpstream.start();
    private final HttpClient http = ProviderClients.newHttpClient();
    private final DeploymentProbe probe = new DeploymentProbe(http, Duration.ofSeconds(1));
    private final Deployment deployment = TestDeployments.openAi(upstream);

    @AfterEach
    void close() {
        upstream.close();
        http.close();
    }

    @Test
    void vllmReportsMaxModelLenAndAcceptsTools() {
        upstream.models("""
                {"object":"list","data":[{"id":"scripted-model","object":"model","owned_by":"vllm","root":"scripted-model",
                 "max_model_len":32768}]}""");
        upstream.openAi().thenJson(200, COMPLETION);

        ProbeResult result = probe.probe(TestDeployments.withKey(deployment, "vllm-key"));

        assertThat(result.problems()).isEmpty();
        assertThat(result.contextTokens()).isEqualTo(32768);
        assertThat(result.contextSource()).isEqualTo("/models max_model_len");
        assertThat(result.tools()).isTrue();
        assertThat(result.deployment().contextTokens()).isEqualTo(32768);
        assertThat(result.deployment().tools()).isTrue();
        JsonNode toolRequest = upstream.lastRequest().json();
        assertThat(toolRequest.get("max_tokens").asInt()).isEqualTo(16);
        assertThat(toolRequest.get("stream").asBoolean()).isFalse();
        assertThat(toolRequest.at("/tools/0/function/name").asText()).isEqualTo("probe");
        assertThat(upstream.requests()).allSatisfy(r -> assertThat(r.header("authorization")).isEqualTo("Bearer vllm-key"));
    }

    @Test
    void llamaCppReportsTheSlotContextInPropsAndRejectsToolsWithoutJinja() {
        upstream.models("""
                {"object":"list","data":[{"id":"qwen2.5-7b-q4.gguf","object":"model","owned_by":"llamacpp",
                 "meta":{"n_ctx_train":131072,"n_vocab":151936}}]}""");
        upstream.props("""
                {"default_generation_settings":{"n_ctx":8192,"temperature":0.8},"total_slots":1,"chat_template":"..."}""");
        upstream.openAi().thenJson(500, """
                {"error":{"code":500,"message":"tools param requires --jinja flag","type":"server_error"}}""");

        ProbeResult result = probe.probe(deployment);

        assertThat(result.contextTokens()).isEqualTo(8192);
        assertThat(result.contextSource()).isEqualTo("llama.cpp /props n_ctx");
        assertThat(result.tools()).isFalse();
        assertThat(result.problems()).isEmpty();
    }

    @Test
    void ollamaServesTheNumCtxOfItsModelfile() {
        upstream.models("{\"object\":\"list\",\"data\":[{\"id\":\"scripted-model:latest\",\"object\":\"model\",\"owned_by\":\"library\"}]}");
        upstream.ollamaShow("""
                {"parameters":"num_ctx                        16384\\nstop \\"<|im_end|>\\"",
                 "model_info":{"general.architecture":"qwen2","qwen2.context_length":32768}}""");
        upstream.openAi().thenJson(400, """
                {"error":{"message":"registry.ollama.ai/library/scripted-model:latest does not support tools","type":"api_error"}}""");

        ProbeResult result = probe.probe(deployment);

        assertThat(result.contextTokens()).isEqualTo(16384);
        assertThat(result.contextSource()).isEqualTo("Ollama /api/show num_ctx");
        assertThat(result.tools()).isFalse();
        assertThat(result.problems()).isEmpty();
        assertThat(upstream.requests()).anySatisfy(r -> {
            assertThat(r.path()).isEqualTo("/api/show");
            assertThat(r.json().get("model").asText()).isEqualTo("scripted-model");
        });
    }

    @Test
    void ollamaWithOnlyTheTrainedContextIsUsedButFlagged() {
        upstream.models("{\"object\":\"list\",\"data\":[{\"id\":\"scripted-model\",\"object\":\"model\"}]}");
        upstream.ollamaShow("{\"parameters\":\"stop <eos>\",\"model_info\":{\"llama.context_length\":131072}}");
        upstream.openAi().thenJson(200, COMPLETION);

        ProbeResult result = probe.probe(deployment);

        assertThat(result.contextTokens()).isEqualTo(131072);
        assertThat(result.problems()).singleElement().asString().contains("OLLAMA_CONTEXT_LENGTH", "configure contextTokens");
    }

    @Test
    void lmStudioNativeApiReportsTheLoadedContext() {
        upstream.models("{\"object\":\"list\",\"data\":[{\"id\":\"scripted-model\",\"object\":\"model\",\"owned_by\":\"organization_owner\"}]}");
        upstream.route("GET", "/api/v0/models/scripted-model", 200, """
                {"id":"scripted-model","type":"llm","state":"loaded","max_context_length":131072,"loaded_context_length":4096}""");
        upstream.openAi().thenJson(200, COMPLETION);

        ProbeResult result = probe.probe(deployment);

        assertThat(result.contextTokens()).isEqualTo(4096);
        assertThat(result.contextSource()).isEqualTo("LM Studio /api/v0/models loaded_context_length");
        assertThat(result.tools()).isTrue();
    }

    @Test
    void listingWithContextLengthIsRead() {
        upstream.models("{\"data\":[{\"id\":\"other\"},{\"id\":\"scripted-model\",\"context_length\":65536}]}");
        upstream.openAi().thenJson(200, COMPLETION);

        assertThat(probe.probe(deployment).contextTokens()).isEqualTo(65536);
    }

    @Test
    void configuredValuesWinAndOnlyWhetherTheServerAnswersIsAsked() {
        upstream.models("{\"data\":[{\"id\":\"scripted-model\",\"max_model_len\":32768}]}");
        Deployment configured = TestDeployments.configured(deployment, 4096, 512, false);

        ProbeResult result = probe.probe(configured);

        assertThat(upstream.requests()).as("no chat completion: it would spend tokens")
                .singleElement().satisfies(r -> assertThat(r.method() + " " + r.path()).isEqualTo("GET /v1/models"));
        assertThat(result.deployment().contextTokens()).isEqualTo(4096);
        assertThat(result.deployment().maxOutputTokens()).isEqualTo(512);
        assertThat(result.deployment().tools()).isFalse();
        assertThat(result.ok()).isTrue();
    }

    @Test
    void aServerWithoutAListingAnswersAllTheSame() {
        ProbeResult result = probe.probe(TestDeployments.configured(deployment, 4096, null, true));

        assertThat(upstream.requests()).singleElement().satisfies(r -> assertThat(r.path()).isEqualTo("/v1/models"));
        assertThat(result.ok()).isTrue();
    }

    @Test
    void aDeploymentConfiguredInFullThatNothingServesIsUnreachable() {
        Deployment nowhere = TestDeployments.configured(new Deployment(deployment.name(), deployment.tier(), deployment.provider(),
                URI.create("http://127.0.0.1:1/v1"), deployment.model(), null, null, null, null, deployment.timeout()), 4096, null, true);

        ProbeResult result = probe.probe(nowhere);

        assertThat(result.unreachable()).isTrue();
        assertThat(result.problems()).containsExactly(
                "unreachable: GET /models: refusing connections (is the server running at 127.0.0.1:1?)");
        assertThat(result.deployment()).isEqualTo(nowhere);
    }

    @Test
    void aDeploymentWithOnlyItsContextConfiguredThatNothingServesIsUnreachableWithoutAToolProbe() {
        Deployment nowhere = TestDeployments.configured(new Deployment(deployment.name(), deployment.tier(), deployment.provider(),
                URI.create("http://127.0.0.1:1/v1"), deployment.model(), null, null, null, null, deployment.timeout()), 4096, null, null);

        ProbeResult result = probe.probe(nowhere);

        assertThat(result.unreachable()).isTrue();
        assertThat(result.problems()).singleElement().asString().startsWith("unreachable: GET /models: refusing connections");
    }

    @Test
    void aKeyRefusedToADeploymentConfiguredInFullIsReportedWithoutTheKey() {
        upstream.route("GET", "/v1/models", 401, "{\"error\":{\"message\":\"Incorrect API key provided: sk-probe-secret\"}}");

        ProbeResult result = probe.probe(TestDeployments.configured(TestDeployments.withKey(deployment, "sk-probe-secret"), 4096, null, true));

        assertThat(result.unreachable()).as("it answered").isFalse();
        assertThat(result.problems()).singleElement().asString().contains("GET /models: HTTP 401", "Incorrect API key")
                .doesNotContain("sk-probe-secret");
        assertThat(upstream.requests()).hasSize(1);
    }

    @Test
    void anthropicIsKnownWithoutARequest() {
        ProbeResult result = probe.probe(TestDeployments.anthropic(upstream));

        assertThat(upstream.requests()).isEmpty();
        assertThat(result.deployment().contextTokens()).isEqualTo(200_000);
        assertThat(result.deployment().tools()).isTrue();

        Deployment configured = TestDeployments.configured(TestDeployments.anthropic(upstream), 1_000_000, null, null);
        assertThat(probe.probe(configured).deployment().contextTokens()).isEqualTo(1_000_000);
    }

    @Test
    void unreachableServerIsReportedNotThrown() {
        // Port 1 on loopback: nothing listens there (a port just closed could be taken again at
        // once by another test's server).
        Deployment nowhere = new Deployment(deployment.name(), deployment.tier(), deployment.provider(),
                URI.create("http://127.0.0.1:1/v1"), deployment.model(), null, null, null, null, deployment.timeout());

        ProbeResult result = probe.probe(nowhere);

        assertThat(result.ok()).isFalse();
        assertThat(result.problems()).singleElement().asString().startsWith("unreachable: GET /models");
        assertThat(result.deployment()).isEqualTo(nowhere);
    }

    @Test
    void modelMissingFromTheListingAndNoContextAreReported() {
        upstream.models("{\"object\":\"list\",\"data\":[{\"id\":\"gpt-4o\"},{\"id\":\"gpt-4o-mini\"}]}");
        upstream.openAi().thenJson(404, "{\"error\":{\"message\":\"The model `scripted-model` does not exist\",\"code\":\"model_not_found\"}}");

        ProbeResult result = probe.probe(deployment);

        assertThat(result.contextTokens()).isNull();
        assertThat(result.tools()).isNull();
        assertThat(result.problems()).hasSize(3);
        assertThat(result.problems().get(0)).contains("scripted-model is not listed", "gpt-4o, gpt-4o-mini");
        assertThat(result.problems().get(1)).contains("no context length reported");
        assertThat(result.problems().get(2)).contains("tool probe: HTTP 404", "does not exist");
    }

    @Test
    void rejectedKeyIsReportedWithoutTheKey() {
        upstream.route("GET", "/v1/models", 401, "{\"error\":{\"message\":\"Incorrect API key provided: sk-probe-secret\"}}");
        upstream.openAi().thenJson(401, "{\"error\":{\"message\":\"Incorrect API key provided: sk-probe-secret\"}}");

        ProbeResult result = probe.probe(TestDeployments.withKey(deployment, "sk-probe-secret"));

        assertThat(result.problems()).anySatisfy(p -> assertThat(p).contains("GET /models: HTTP 401"));
        assertThat(result.problems()).allSatisfy(p -> assertThat(p).doesNotContain("sk-probe-secret"));
        assertThat(result.tools()).isNull();
    }

    @Test
    void hangingToolProbeIsBoundedByTheDeploymentTimeout() {
        upstream.models("{\"data\":[{\"id\":\"scripted-model\",\"max_model_len\":2048}]}");
        upstream.openAi().thenHang();
        Deployment quick = TestDeployments.withTimeout(deployment, Duration.ofMillis(300));

        long start = System.nanoTime();
        ProbeResult result = probe.probe(quick);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(result.contextTokens()).isEqualTo(2048);
        assertThat(result.tools()).isNull();
        assertThat(result.problems()).singleElement().asString().startsWith("tool probe:");
    }
}
