package dev.stratus.ai.chat;

import dev.stratus.ai.model.Tier;
import dev.stratus.ai.router.Task;
import dev.stratus.extension.api.ExtensionException;

/** The task and tier of an ai/* request, read from its parameters: a value not known is InvalidParams. */
final class RequestParams {
    private RequestParams() {
    }

    /** The tier the user picked, or null to route ({@code auto}, or none). */
    static Tier tier(String id) {
        if (id == null || id.isBlank() || id.equals("auto")) {
            return null;
        }
        try {
            return Tier.of(id);
        } catch (IllegalArgumentException e) {
            throw new ExtensionException(ExtensionException.Reason.INVALID_PARAMS,
                    "tier is auto, small, medium or large, not \"" + (id.length() > 40 ? id.substring(0, 40) + "..." : id) + "\"");
        }
    }

    /** The task asked for; free-form chat when none. */
    static Task task(String id) {
        if (id == null || id.isBlank()) {
            return Task.CHAT;
        }
        try {
            return Task.of(id);
        } catch (IllegalArgumentException e) {
            throw new ExtensionException(ExtensionException.Reason.INVALID_PARAMS, e.getMessage());
        }
    }
}
