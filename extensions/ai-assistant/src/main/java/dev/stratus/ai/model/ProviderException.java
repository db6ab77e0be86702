package dev.stratus.ai.model;

import java.time.Duration;

/**
 * A call to a deployment that failed, classified so continuity can decide: retry, cool down,
 * fall back, or give up. The message never contains the API key or the request body.
 */
public class ProviderException extends RuntimeException {
    /** Why it failed. */
    public enum Kind {
        /** 429: {@link #retryAfter()} when the provider said. */
        RATE_LIMITED,
        /** 529 / overloaded_error / 503. */
        OVERLOADED,
        /** Other 5xx. */
        SERVER_ERROR,
        /** No byte within the deployment's timeout. */
        TIMEOUT,
        /**
         * Nothing took the connection: refused (no server listening), the host unknown, no route
         * to it. Not a slow server: a stopped or misaddressed one.
         */
        UNREACHABLE,
        /** The connection failed or closed before the answer finished. */
        STREAM_CUT,
        /** The request does not fit the model's context. */
        CONTEXT_OVERFLOW,
        /** 401 / 403: the key is wrong or missing. */
        AUTH,
        /**
         * The account behind the key has no quota or credit left (OpenAI's 429
         * {@code insufficient_quota}, Anthropic's credit balance too low or {@code billing_error}):
         * not temporary, not fixed by retrying; someone has to pay or raise a limit.
         */
        QUOTA_EXHAUSTED,
        /** Another 4xx: the request is wrong; retrying elsewhere may not help. */
        BAD_REQUEST
    }

    private final Kind kind;
    private final Duration retryAfter;
    private final int status;
    private final Integer servedContext;

    public ProviderException(Kind kind, int status, Duration retryAfter, String message) {
        this(kind, status, retryAfter, message, null);
    }

    /**
     * @param servedContext for a {@link Kind#CONTEXT_OVERFLOW}, the context the server said it
     *     serves, in tokens; null when it did not say
     */
    public ProviderException(Kind kind, int status, Duration retryAfter, String message, Integer servedContext) {
        super(message, null, false, false);
        this.kind = kind;
        this.status = status;
        this.retryAfter = retryAfter;
        this.servedContext = servedContext;
    }

    public Kind kind() {
        return kind;
    }

    /** The wait the provider asked for, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** The HTTP status, or 0 when there was none. */
    public int status() {
        return status;
    }

    /**
     * The context, in tokens, the server said it serves when it refused a request as too long
     * ("maximum context length is 4096 tokens"); null when it did not say or the failure is
     * another kind. It may be less than the context the server reports when probed.
     */
    public Integer servedContext() {
        return servedContext;
    }

    /** Worth trying again (here after a wait, or on another deployment). */
    public boolean transientFailure() {
        return switch (kind) {
            case RATE_LIMITED, OVERLOADED, SERVER_ERROR, TIMEOUT, UNREACHABLE, STREAM_CUT -> true;
            case CONTEXT_OVERFLOW, AUTH, QUOTA_EXHAUSTED, BAD_REQUEST -> false;
        };
    }
}
