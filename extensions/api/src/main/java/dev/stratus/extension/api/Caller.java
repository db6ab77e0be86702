package dev.stratus.extension.api;

import java.util.Optional;

/**
 * Who a call into the extension is made for: an authenticated user, and the workspace the call
 * came from (the browser's workspace connection) when there is one.
 *
 * @param userId stable user id
 * @param userName the user's display and login name
 * @param workspaceId the workspace of the call; empty for calls without one (HTTP routes)
 * @since 1.0
 */
public record Caller(String userId, String userName, Optional<String> workspaceId) {

    /**
     * Checks the components.
     *
     * @since 1.0
     */
    public Caller {
        if (userId == null || userName == null || workspaceId == null) {
            throw new IllegalArgumentException("userId, userName and workspaceId must not be null");
        }
    }
}
