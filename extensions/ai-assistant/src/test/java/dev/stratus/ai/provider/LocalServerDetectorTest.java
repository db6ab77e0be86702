package dev.stratus.ai.provider;

import static dev.stratus.ai.testing.LocalModelServer.Reply.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.ai.testing.LocalModelServer;
import dev.stratus.ai.testing.LocalModelServer.Reply;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The model servers found on loopback ports, each scripted with the answers of the server it
 * plays (on a free port of its own, never a server's well-known one).
 */
class LocalServerDetectorTest {
    private static final String OLLAMA_TAGS = """
            {"models": [
              {"name": "qwen2.5-coder:7b", "model": "qwen2.5-coder:7b", "size": 4683087332,
               "details": {"family": "qwen2", "parameter_size": "7.6B", "quantization_level": "Q4_K_M"}},
              {"name": "llama3.2:3b", "model": "llama3.2:3b", "size": 2019393189, "details": {"family": "llama"}}]}""";
    private static final String OLLAMA_MODELS = """
            {"object": "list", "data": [
              {"id": "qwen2.5-coder:7b", "object": "model", "created": 1733000000, "owned_by": "library"},
              {"id": "llama3.2:3b", "object": "model", "created": 1733000000, "owned_by": "library"}]}""";
    private static final String LLAMA_CPP_MODELS = """
            {"object": "list", "data": [{"id": "qwen2.5-coder-7b-instruct-q4_k_m.gguf", "object": "model",
              "created": 1733000000, "owned_by": "llamacpp",
              "meta": {"vocab_type": 2, "n_vocab": 152064, "n_ctx_train": 32768, "n_embd": 3584}}]}""";
    private static final String LLAMA_CPP_PROPS = """
            {"default_generation_settings": {"n_ctx": 8192, "params": {"temperature": 0.8}},
             "total_slots": 1, "model_path": "models/qwen2.5-coder-7b-instruct-q4_k_m.gguf",
             "chat_template": "{{ messages }}", "build_info": "b4200-abc123"}""";

    private static List<LocalServer> detect(URI... roots) {
        try (LocalServerDetector detector = new LocalServerDetector(List.of(roots), Duration.ofMillis(500))) {
            return detector.detect();
        }
    }

    @Test
    void ollamaIsNamedWithTheModelsItsTagsList() throws Exception {
        try (LocalModelServer ollama = LocalModelServer.start(Map.of("/api/tags", json(OLLAMA_TAGS),
                "/v1/models", json(OLLAMA_MODELS)))) {
            assertThat(detect(ollama.root())).containsExactly(new LocalServer("Ollama", ollama.root() + "/v1",
                    List.of("qwen2.5-coder:7b", "llama3.2:3b")));
            assertThat(ollama.requests()).as("only questions: no prompt, no model loaded")
                    .allSatisfy(r -> assertThat(r).startsWith("GET ")).contains("GET /v1/models", "GET /api/tags");
        }
    }

    @Test
    void anOllamaWithoutItsOpenAiListingIsFoundByItsTags() throws Exception {
        try (LocalModelServer ollama = LocalModelServer.start(Map.of("/api/tags", json(OLLAMA_TAGS)))) {
            assertThat(detect(ollama.root())).singleElement().satisfies(s -> {
                assertThat(s.server()).isEqualTo("Ollama");
                assertThat(s.models()).containsExactly("qwen2.5-coder:7b", "llama3.2:3b");
            });
        }
    }

    @Test
    void llamaCppIsNamedByItsListingAlone() throws Exception {
        try (LocalModelServer llama = LocalModelServer.start(Map.of("/v1/models", json(LLAMA_CPP_MODELS),
                "/props", json(LLAMA_CPP_PROPS)))) {
            assertThat(detect(llama.root())).containsExactly(new LocalServer("llama.cpp", llama.root() + "/v1",
                    List.of("qwen2.5-coder-7b-instruct-q4_k_m.gguf")));
            assertThat(llama.requests()).containsExactly("GET /v1/models");
        }
    }

    @Test
    void aLlamaCppWhoseListingSaysNothingOfItIsNamedByItsProps() throws Exception {
        try (LocalModelServer llama = LocalModelServer.start(Map.of("/v1/models", json(LLAMA_CPP_MODELS.replace("llamacpp", "me")),
                "/props", json(LLAMA_CPP_PROPS)))) {
            assertThat(detect(llama.root())).singleElement().satisfies(s -> assertThat(s.server()).isEqualTo("llama.cpp"));
            assertThat(llama.requests()).containsExactly("GET /v1/models", "GET /api/tags", "GET /props");
        }
    }

    @Test
    void vllmAndLmStudioAreNamedByTheirListingsAndOthersAreOpenAiCompatible() throws Exception {
        try (LocalModelServer vllm = LocalModelServer.start(Map.of("/v1/models", json("""
                {"object": "list", "data": [{"id": "Qwen/Qwen2.5-Coder-7B-Instruct", "object": "model", "owned_by": "vllm",
                  "root": "Qwen/Qwen2.5-Coder-7B-Instruct", "max_model_len": 32768}]}""")));
             LocalModelServer lmStudio = LocalModelServer.start(Map.of("/v1/models", json("""
                {"object": "list", "data": [{"id": "qwen2.5-coder-7b-instruct", "object": "model", "owned_by": "organization_owner"},
                  {"id": "text-embedding-nomic-embed-text-v1.5", "object": "model", "owned_by": "organization_owner"}]}""")));
             LocalModelServer other = LocalModelServer.start(Map.of("/v1/models", json("""
                {"object": "list", "data": [{"id": "my-model", "object": "model", "owned_by": "someone"}]}""")))) {
            assertThat(detect(vllm.root(), lmStudio.root(), other.root())).extracting(LocalServer::server, s -> s.models().getFirst())
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("vLLM", "Qwen/Qwen2.5-Coder-7B-Instruct"),
                            org.assertj.core.groups.Tuple.tuple("LM Studio", "qwen2.5-coder-7b-instruct"),
                            org.assertj.core.groups.Tuple.tuple("OpenAI-compatible", "my-model"));
        }
    }

    @Test
    void aWebApplicationAnsweringHtmlIsNotListed() throws Exception {
        try (LocalModelServer notFound = LocalModelServer.start(Map.of());
             LocalModelServer page = LocalModelServer.start(Map.of("/v1/models", new Reply(200, "text/html", "<html>Welcome</html>"),
                     "/api/tags", new Reply(200, "text/html", "<html>Welcome</html>")));
             LocalModelServer otherJson = LocalModelServer.start(Map.of("/v1/models", json("{\"status\": \"ok\"}")))) {
            assertThat(detect(notFound.root(), page.root(), otherJson.root())).isEmpty();
        }
    }

    @Test
    void aClosedPortIsNotListedAndTheOthersStillAre() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closed = s.getLocalPort();
        }
        try (LocalModelServer llama = LocalModelServer.start(Map.of("/v1/models", json(LLAMA_CPP_MODELS)))) {
            assertThat(detect(URI.create("http://127.0.0.1:" + closed), llama.root()))
                    .singleElement().satisfies(s -> assertThat(s.server()).isEqualTo("llama.cpp"));
        }
    }

    @Test
    void aServerThatNeverAnswersIsNotWaitedForLong() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            long start = System.nanoTime();
            try (LocalServerDetector detector = new LocalServerDetector(
                    List.of(URI.create("http://127.0.0.1:" + silent.getLocalPort())), Duration.ofMillis(200))) {
                assertThat(detector.detect()).isEmpty();
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void onlyTheFirstTwentyModelsAreListed() throws Exception {
        String data = IntStream.range(0, 30).mapToObj(i -> "{\"id\": \"m" + i + "\", \"owned_by\": \"vllm\"}")
                .collect(Collectors.joining(", ", "{\"data\": [", "]}"));
        try (LocalModelServer vllm = LocalModelServer.start(Map.of("/v1/models", json(data)))) {
            assertThat(detect(vllm.root())).singleElement().satisfies(s ->
                    assertThat(s.models()).hasSize(20).startsWith("m0").endsWith("m19"));
        }
    }

    @Test
    void onlyLoopbackAddressesAreTaken() {
        for (String address : List.of("http://192.168.1.10:11434", "http://10.0.0.1:8080", "http://localhost:11434",
                "http://127.0.0.2:8000", "http://8.8.8.8:1234", "https://127.0.0.1:1234", "http://127.0.0.1:1234/v1")) {
            assertThatThrownBy(() -> new LocalServerDetector(List.of(URI.create(address)), Duration.ofMillis(500)))
                    .as(address).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(LocalServers.DEFAULTS).allSatisfy(u -> assertThat(u.getHost()).isEqualTo("127.0.0.1"));
        assertThat(LocalServers.from("127.0.0.1:5000, [::1]:5001")).containsExactly(URI.create("http://127.0.0.1:5000"),
                URI.create("http://[::1]:5001"));
        assertThat(LocalServers.from("")).isEmpty();
        assertThat(LocalServers.from(null)).isEqualTo(LocalServers.DEFAULTS);
        assertThatThrownBy(() -> LocalServers.from("192.168.1.10:11434")).isInstanceOf(IllegalArgumentException.class);
    }
}
