package dev.stratus.ai.governance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.ai.model.Tier;
import dev.stratus.ai.model.Usage;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PrometheusAiMetricsTest {
    @Test
    void rendersCountersAndHistogramsInPrometheusTextFormat() {
        PrometheusAiMetrics metrics = new PrometheusAiMetrics();
        metrics.request(Tier.SMALL, "local", "ok", Duration.ofMillis(300));
        metrics.request(Tier.SMALL, "local", "ok", Duration.ofSeconds(3));
        metrics.request(Tier.LARGE, null, "refused:budget", Duration.ZERO);
        metrics.tokens(Tier.SMALL, "local", new Usage(1200, 80));
        metrics.timeToFirstToken(Tier.SMALL, "local", Duration.ofMillis(120));
        metrics.fallback("remote", "local");
        metrics.cooldown("remote", "rate_limited");
        metrics.routeDecision(Tier.MEDIUM, "scorer");
        metrics.budgetRefusal("team");
        metrics.rateLimited();

        String text = metrics.scrape();

        assertThat(text)
                .contains("# HELP stratus_ai_requests_total Model calls by tier, deployment and outcome\n")
                .contains("# TYPE stratus_ai_requests_total counter\n")
                .contains("stratus_ai_requests_total{deployment=\"local\",outcome=\"ok\",tier=\"small\"} 2.0\n")
                .contains("stratus_ai_requests_total{deployment=\"none\",outcome=\"refused:budget\",tier=\"large\"} 1.0\n")
                .contains("# TYPE stratus_ai_request_duration_seconds histogram\n")
                .contains("stratus_ai_request_duration_seconds_bucket{deployment=\"local\",tier=\"small\",le=\"0.25\"} 0\n")
                .contains("stratus_ai_request_duration_seconds_bucket{deployment=\"local\",tier=\"small\",le=\"0.5\"} 1\n")
                .contains("stratus_ai_request_duration_seconds_bucket{deployment=\"local\",tier=\"small\",le=\"5.0\"} 2\n")
                .contains("stratus_ai_request_duration_seconds_bucket{deployment=\"local\",tier=\"small\",le=\"+Inf\"} 2\n")
                .contains("stratus_ai_request_duration_seconds_count{deployment=\"local\",tier=\"small\"} 2\n")
                .contains("stratus_ai_request_duration_seconds_sum{deployment=\"local\",tier=\"small\"} 3.3\n")
                .contains("stratus_ai_tokens_total{deployment=\"local\",kind=\"prompt\",tier=\"small\"} 1200.0\n")
                .contains("stratus_ai_tokens_total{deployment=\"local\",kind=\"completion\",tier=\"small\"} 80.0\n")
                .contains("# TYPE stratus_ai_time_to_first_token_seconds histogram\n")
                .contains("stratus_ai_fallbacks_total{from=\"remote\",to=\"local\"} 1.0\n")
                .contains("stratus_ai_cooldowns_total{deployment=\"remote\",reason=\"rate_limited\"} 1.0\n")
                .contains("stratus_ai_route_decisions_total{reason=\"scorer\",tier=\"medium\"} 1.0\n")
                .contains("stratus_ai_budget_refusals_total{scope=\"team\"} 1.0\n")
                .contains("stratus_ai_rate_limited_total 1.0\n");
    }

    @Test
    void aMisusedMeterNeverThrows() {
        PrometheusAiMetrics metrics = new PrometheusAiMetrics();
        metrics.count("stratus.ai.requests", 1, "tier", "small");
        metrics.count("stratus.ai.requests", 1, "tier", "small", "extra", "key");
        metrics.count("stratus.ai.odd", 1, "dangling");
        AiMetrics.NOOP.request(Tier.SMALL, "x", "ok", Duration.ZERO);
        assertThat(metrics.scrape()).contains("stratus_ai_requests_total{tier=\"small\"} 1.0");
    }
}
