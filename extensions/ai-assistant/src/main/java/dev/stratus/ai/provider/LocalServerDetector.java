package dev.stratus.ai.provider;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Asks the model servers at loopback addresses ({@link LocalServers}) what models they serve,
 * with nothing but {@code GET}s that spend no tokens and carry no prompt and no key:
 * {@code GET /v1/models} (vLLM, llama.cpp, LM Studio, Ollama, any OpenAI-compatible server),
 * Ollama's {@code GET /api/tags} when the listing does not say who answered (or there is none),
 * and llama.cpp's {@code GET /props} last. Which server answered: {@code owned_by} of
 * {@code llamacpp}, {@code vllm} or LM Studio's {@code organization_owner} in the listing, or
 * vLLM's {@code max_model_len}; an {@code /api/tags} listing models is Ollama; a {@code /props}
 * with {@code default_generation_settings} is llama.cpp. An address that answers none of these
 * with their JSON (a web application's 404 or HTML page, a closed port) is not listed. Each
 * request is bounded by {@code timeout}, connecting included, an address's questions by four
 * times that, and an answer by {@value #MAX_BODY} bytes; the addresses are asked at once, each
 * on its own virtual thread.
 */
public final class LocalServerDetector implements AutoCloseable {
    /** How many of a server's models are listed. */
    public static final int MODELS_LISTED = 20;
    /** The default bound on each request, connecting included. */
    public static final Duration TIMEOUT = Duration.ofMillis(500);
    static final int MAX_BODY = 1 << 20;

    private final HttpClient http;
    private final List<URI> addresses;
    private final Duration timeout;

    /**
     * @param addresses where to look ({@code http://127.0.0.1:PORT}, {@code http://[::1]:PORT})
     * @throws IllegalArgumentException when one of them is not a loopback address
     */
    public LocalServerDetector(List<URI> addresses, Duration timeout) {
        addresses.forEach(LocalServers::loopback);
        this.addresses = List.copyOf(addresses);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(timeout)
                .build();
    }

    /** The servers found answering, in the order of the addresses; never throws. */
    public List<LocalServer> detect() {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Optional<LocalServer>>> asked = addresses.stream().map(a -> threads.submit(() -> ask(a))).toList();
            // A body that trickles in is bounded here: the requests' own timeout ends at the headers.
            long deadline = System.nanoTime() + timeout.multipliedBy(4).toNanos();
            List<LocalServer> found = new ArrayList<>();
            for (Future<Optional<LocalServer>> f : asked) {
                try {
                    f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS).ifPresent(found::add);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    asked.forEach(a -> a.cancel(true));
                } catch (Exception e) {
                    f.cancel(true); // that address is not listed
                }
            }
            return List.copyOf(found);
        }
    }

    private Optional<LocalServer> ask(URI root) {
        String baseUrl = root + "/v1";
        JsonNode listing;
        try {
            listing = get(root, "/v1/models");
        } catch (ConnectException e) {
            return Optional.empty(); // nothing listens there: nothing more to ask
        }
        List<String> ids = listing == null ? List.of() : ids(listing.path("data"), "id");
        String server = listing == null ? null : byListing(listing.path("data"));
        if (server == null) {
            JsonNode tags = quietly(root, "/api/tags");
            List<String> names = tags == null ? List.of() : ids(tags.path("models"), "name");
            if (tags != null && tags.path("models").isArray()) {
                return Optional.of(new LocalServer("Ollama", baseUrl, names.isEmpty() ? ids : names));
            }
            if (listing == null || !listing.path("data").isArray()) {
                return Optional.empty(); // no listing of models: not a model server
            }
            JsonNode props = quietly(root, "/props");
            server = props != null && props.path("default_generation_settings").isObject() ? "llama.cpp" : "OpenAI-compatible";
        }
        return Optional.of(new LocalServer(server, baseUrl, ids));
    }

    /** Who answered {@code /v1/models}, when its entries tell; null when they do not. */
    private static String byListing(JsonNode data) {
        if (!data.isArray()) {
            return null;
        }
        for (JsonNode entry : data) {
            String owner = entry.path("owned_by").asText("");
            if (owner.equals("llamacpp")) {
                return "llama.cpp";
            }
            if (owner.equals("vllm") || entry.has("max_model_len")) {
                return "vLLM";
            }
            if (owner.equals("organization_owner")) {
                return "LM Studio";
            }
        }
        return null;
    }

    private static List<String> ids(JsonNode entries, String field) {
        List<String> out = new ArrayList<>();
        if (entries.isArray()) {
            for (JsonNode e : entries) {
                String id = e.path(field).asText("");
                if (!id.isBlank() && out.size() < MODELS_LISTED) {
                    out.add(id);
                }
            }
        }
        return out;
    }

    private JsonNode quietly(URI root, String path) {
        try {
            return get(root, path);
        } catch (ConnectException e) {
            return null;
        }
    }

    /** The JSON object a 200 carries; null for any other answer, or none in time. */
    private JsonNode get(URI root, String path) throws ConnectException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(root + path)).timeout(timeout)
                .header("Accept", "application/json").GET().build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    return null;
                }
                byte[] bytes = body.readNBytes(MAX_BODY);
                JsonNode json = Json.parseOrNull(new String(bytes, StandardCharsets.UTF_8));
                return json != null && json.isObject() ? json : null;
            }
        } catch (ConnectException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Stops its HTTP client: a look in progress ends without what it was finding. */
    @Override
    public void close() {
        http.shutdownNow();
        http.close();
    }
}
