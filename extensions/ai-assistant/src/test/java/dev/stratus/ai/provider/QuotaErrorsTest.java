package dev.stratus.ai.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stratus.ai.model.ChatMessage;
import dev.stratus.ai.model.ChatRequest;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.ProviderException;
import dev.stratus.ai.model.ProviderException.Kind;
import dev.stratus.ai.testing.ScriptedUpstream;
import dev.stratus.ai.testing.TestDeployments;
import java.net.http.HttpClient;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An account out of quota or credit, as each provider says it: not a rate limit, not a wrong
 * key, not a bad request, but a failure no retry mends.
 */
public class QuotaErrorsTest {
    private static final ChatRequest REQUEST = new ChatRequest(List.of(ChatMessage.user("hi")), null, null, null);
    /** OpenAI's body (and openai-python's docs): a 429 like a rate limit's, told apart by its code. */
    public static final String OPENAI_QUOTA = """
            {
                "error": {
                    "message": "You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.",
                    "type": "insufficient_quota",
                    "param": null,
                    "code": "insufficient_quota"
                }
            }
            """;
    /** Anthropic's: a 400 invalid_request_error whose message says the credit balance is too low. */
    public static final String ANTHROPIC_CREDIT = "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":"
            + "\"Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.\"}}";

    private final ScriptedUpstream upstream = ScriptedUpstream.start();
    private final HttpClient http = ProviderClients.newHttpClient();
    private final ProviderClients clients = new ProviderClients(http);

    @AfterEach
    void close() {
        upstream.close();
        http.close();
    }

    private ProviderException fail(Deployment d) {
        return catchThrowableOfType(ProviderException.class, () -> clients.stream(d, REQUEST, e -> { }));
    }

    @Test
    void openAisInsufficientQuotaIsNoRateLimit() {
        upstream.openAi().thenJson(429, OPENAI_QUOTA);

        ProviderException e = fail(TestDeployments.openAi(upstream));

        assertThat(e.kind()).isEqualTo(Kind.QUOTA_EXHAUSTED);
        assertThat(e.transientFailure()).isFalse();
        assertThat(e.getMessage()).contains("HTTP 429", "exceeded your current quota");
    }

    @Test
    void openAisRateLimitThatMentionsBillingIsStillARateLimit() {
        upstream.openAi().thenJson(429, "{\"error\":{\"message\":\"Rate limit reached for gpt-4o in organization org-x on requests per min"
                + " (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s. Visit https://platform.openai.com/account/rate-limits to"
                + " learn more. You can increase your rate limit by adding a payment method to your account at"
                + " https://platform.openai.com/account/billing.\",\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}");

        assertThat(fail(TestDeployments.openAi(upstream)).kind()).isEqualTo(Kind.RATE_LIMITED);
    }

    @Test
    void anthropicsCreditBalanceTooLowIsOutOfQuotaNotABadRequest() {
        upstream.anthropic().thenJson(400, ANTHROPIC_CREDIT);

        ProviderException e = fail(TestDeployments.anthropic(upstream));

        assertThat(e.kind()).isEqualTo(Kind.QUOTA_EXHAUSTED);
        assertThat(e.getMessage()).contains("credit balance is too low");
    }

    @Test
    void anthropicsBillingErrorsAreOutOfQuotaAndAPlainPermissionErrorIsNot() {
        upstream.anthropic().thenJson(402, "{\"type\":\"error\",\"error\":{\"type\":\"billing_error\",\"message\":"
                + "\"There is an issue with your billing information.\"}}");
        upstream.anthropic().thenJson(403, "{\"type\":\"error\",\"error\":{\"type\":\"permission_error\",\"message\":"
                + "\"Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.\"}}");
        upstream.anthropic().thenJson(403, "{\"type\":\"error\",\"error\":{\"type\":\"permission_error\",\"message\":"
                + "\"Your API key does not have permission to use the specified resource.\"}}");
        Deployment d = TestDeployments.anthropic(upstream);

        assertThat(fail(d).kind()).isEqualTo(Kind.QUOTA_EXHAUSTED);
        assertThat(fail(d).kind()).isEqualTo(Kind.QUOTA_EXHAUSTED);
        assertThat(fail(d).kind()).isEqualTo(Kind.AUTH);
    }

    @Test
    void aQuotaErrorInsideTheStreamIsOutOfQuota() {
        upstream.openAi().thenEvents("data: " + OPENAI_QUOTA.replaceAll("\\s*\\n\\s*", "") + "\n\n");

        assertThat(fail(TestDeployments.openAi(upstream)).kind()).isEqualTo(Kind.QUOTA_EXHAUSTED);
    }
}
