package dev.stratus.protocol.extension;

import com.google.gson.JsonElement;

/**
 * @param key the setting
 * @param scope {@code user} or {@code workspace}
 * @param value the new value; absent or null removes the value at that scope
 */
public record UpdateSettingParams(String key, String scope, JsonElement value) {
}
