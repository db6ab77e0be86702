package dev.stratus.server.app;

import dev.stratus.server.auth.Principal;
import dev.stratus.server.http.AuthHandler;
import dev.stratus.server.http.Json;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * {@code GET /metrics}: the server's meters (JVM, process, HTTP requests, terminals, language
 * servers, workspaces, extensions by state) and every extension's own, in the Prometheus text
 * format. Authenticated like every route and for admins only (a scraper uses an admin API token).
 */
final class ServerMetrics implements AutoCloseable {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Map<String, Counter> requests = new ConcurrentHashMap<>();
    private final Supplier<String> extensions;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    ServerMetrics(Supplier<String> extensions) {
        this.extensions = extensions;
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    /** A gauge read at each scrape. */
    <T> void gauge(String name, String help, T source, ToDoubleFunction<T> value) {
        Gauge.builder(name, source, value).description(help).register(registry);
    }

    /** A gauge with one tag, read at each scrape. */
    <T> void gauge(String name, String help, String tag, String tagValue, T source, ToDoubleFunction<T> value) {
        Gauge.builder(name, source, value).description(help).tag(tag, tagValue).register(registry);
    }

    /** Counts every request {@code next} answers, by method and status class ({@code 2xx}...). */
    HttpHandler counting(HttpHandler next) {
        return exchange -> {
            exchange.addExchangeCompleteListener((ex, done) -> {
                String method = ex.getRequestMethod().toString();
                String status = (ex.getStatusCode() / 100) + "xx";
                requests.computeIfAbsent(method + " " + status, k -> Counter.builder("stratus_http_requests")
                        .description("HTTP requests answered, WebSocket upgrades included")
                        .tag("method", method).tag("status", status).register(registry)).increment();
                done.proceed();
            });
            next.handleRequest(exchange);
        };
    }

    void handle(HttpServerExchange exchange) {
        Principal p = exchange.getAttachment(AuthHandler.PRINCIPAL);
        if (p == null || !p.admin()) {
            Json.error(exchange, StatusCodes.FORBIDDEN, "forbidden", "Metrics are for administrators");
            return;
        }
        if (exchange.isInIoThread()) {
            // Extensions' scrapes may take up to their time limit: not on an I/O thread.
            exchange.dispatch(threads, this::send);
            return;
        }
        send(exchange);
    }

    private void send(HttpServerExchange exchange) {
        String text = registry.scrape() + extensions.get();
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, CONTENT_TYPE);
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender().send(text, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        threads.shutdownNow();
        gc.close();
        registry.close();
    }
}
