package dev.stratus.ai.chat;

import dev.stratus.extension.api.ExtensionException;

/** The protocol's error code for an extension's failure, as {@code ai/done} carries it. */
final class ErrorCodes {
    private ErrorCodes() {
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
