package dev.stratus.ai.chat;

import dev.stratus.ai.engine.AiFailure;
import dev.stratus.ai.governance.GovernanceStoreException;
import dev.stratus.extension.api.ExtensionException;

/** The protocol's error code for an extension's failure, as {@code ai/done} carries it. */
final class ErrorCodes {
    /** The protocol's TooLarge: a request no configured model's context holds. */
    static final int TOO_LARGE = 1006;

    private ErrorCodes() {
    }

    /** The error code {@code ai/done} carries for a request that failed with {@code e}. */
    static int ofFailure(RuntimeException e) {
        if (e instanceof AiFailure f) {
            // Too large for every model's context is no outage: asking again will not help, a shorter request will.
            return AiFailure.CONTEXT_TOO_LARGE.equals(f.reason()) ? TOO_LARGE : f.code();
        }
        if (e instanceof GovernanceStoreException g) {
            return AiFailure.unrecorded(g).code();
        }
        return e instanceof ExtensionException x ? of(x) : -32603;
    }

    static int of(ExtensionException e) {
        return switch (e.reason()) {
            case NOT_FOUND -> 1001;
            case ALREADY_EXISTS -> 1002;
            case CONFLICT -> 1003;
            case PERMISSION_DENIED -> 1005;
            case INVALID_PARAMS -> -32602;
            case UNAVAILABLE -> 1009;
        };
    }
}
