package dev.stratus.protocol.extension;

import dev.stratus.protocol.Empty;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.jsonrpc.services.JsonRequest;
import org.eclipse.lsp4j.jsonrpc.services.JsonSegment;

/** Settings extensions declare, per user and per workspace. */
@JsonSegment("settings")
public interface SettingsService {

    /**
     * {@code settings/list}: every declared setting with this user's and this workspace's values.
     * (The Java name is not {@code list}: one object serves {@code extensions/list} too.)
     */
    @JsonRequest("list")
    CompletableFuture<SettingsListResult> listSettings(Empty params);

    /**
     * Sets or removes a value at one scope. NotFound for an undeclared key; InvalidParams (with
     * the reason) for a value that does not match the setting's schema or an unknown scope.
     */
    @JsonRequest
    CompletableFuture<Empty> update(UpdateSettingParams params);
}
