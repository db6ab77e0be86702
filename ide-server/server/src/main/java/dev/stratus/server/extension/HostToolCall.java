package dev.stratus.server.extension;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.stratus.extension.api.AiToolCall;
import dev.stratus.extension.api.Caller;
import dev.stratus.extension.api.ExtensionException;
import dev.stratus.extension.api.WorkspaceAccess;

/**
 * One call of an extension's AI tool as the host hands it over: who asked, the workspace within
 * the extension's permissions, and the model's arguments ({@code {}} when it sent none), bound
 * to a type on request.
 */
record HostToolCall(Caller caller, WorkspaceAccess workspace, String argumentsJson) implements AiToolCall {
    HostToolCall {
        argumentsJson = argumentsJson == null || argumentsJson.isBlank() ? "{}" : argumentsJson;
    }

    @Override
    public <T> T arguments(Class<T> type) {
        try {
            return JsonBridge.MAPPER.readValue(argumentsJson, type);
        } catch (JsonProcessingException x) {
            throw new ExtensionException(ExtensionException.Reason.INVALID_PARAMS, "Invalid arguments: " + x.getOriginalMessage());
        }
    }
}
