package dev.stratus.server.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.StatusCodes;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** {@code GET /healthz} (the process answers) and {@code GET /readyz} (it can serve users). */
public final class HealthRoutes {
    private final BooleanSupplier ready;

    public HealthRoutes(BooleanSupplier ready) {
        this.ready = ready;
    }

    public void health(HttpServerExchange exchange) {
        Json.send(exchange, StatusCodes.OK, Map.of("status", "ok"));
    }

    public void ready(HttpServerExchange exchange) {
        boolean ok = ready.getAsBoolean();
        Json.send(exchange, ok ? StatusCodes.OK : StatusCodes.SERVICE_UNAVAILABLE, Map.of("status", ok ? "ready" : "starting"));
    }
}
