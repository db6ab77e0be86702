package dev.stratus.ai.continuity;

import dev.stratus.ai.model.ProviderException;

/** Why a deployment is cooling down. */
public enum CooldownReason {
    /** 429. */
    RATE_LIMITED,
    /** 5xx, overloaded, or a stream the server cut. */
    SERVER_ERROR,
    /** No byte within the deployment's timeout. */
    TIMEOUT,
    /** Nothing took the connection (refused, host unknown, no route): cooled down as a timeout is. */
    UNREACHABLE,
    /** 401 / 403. */
    AUTH,
    /** The account is out of quota or credit at the provider: a long cooldown, never waited out. */
    QUOTA_EXHAUSTED;

    /** The reason a failure of this kind cools a deployment down, or null when it does not. */
    static CooldownReason of(ProviderException.Kind kind) {
        return switch (kind) {
            case RATE_LIMITED -> RATE_LIMITED;
            case OVERLOADED, SERVER_ERROR, STREAM_CUT -> SERVER_ERROR;
            case TIMEOUT -> TIMEOUT;
            case UNREACHABLE -> UNREACHABLE;
            case AUTH -> AUTH;
            case QUOTA_EXHAUSTED -> QUOTA_EXHAUSTED;
            case CONTEXT_OVERFLOW, BAD_REQUEST -> null;
        };
    }
}
