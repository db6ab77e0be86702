package dev.stratus.protocol.extension;

import com.google.gson.JsonElement;
import java.util.List;

/**
 * @param command the command id
 * @param arguments its arguments, may be null
 */
public record ExecuteCommandParams(String command, List<JsonElement> arguments) {
}
