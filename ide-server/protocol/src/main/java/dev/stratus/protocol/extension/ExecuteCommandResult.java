package dev.stratus.protocol.extension;

import com.google.gson.JsonElement;

/** @param result what the command returned (JSON null when nothing) */
public record ExecuteCommandResult(JsonElement result) {
}
