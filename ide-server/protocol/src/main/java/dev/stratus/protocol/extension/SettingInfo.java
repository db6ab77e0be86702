package dev.stratus.protocol.extension;

import com.google.gson.JsonElement;
import java.util.List;

/**
 * A setting an extension declares, with the caller's values.
 *
 * @param key starts with the extension's id and a dot
 * @param extensionId the extension
 * @param type {@code string}, {@code number}, {@code integer}, {@code boolean}, {@code array} or {@code object}
 * @param defaultValue the manifest's default (JSON member {@code default})
 * @param description what it changes, may be null
 * @param enumValues allowed values (JSON member {@code enum}), may be null
 * @param items the schema of array items, may be null
 * @param value the effective value: the workspace's, else the user's, else the default
 * @param userValue this user's value, may be null
 * @param workspaceValue this workspace's value, may be null
 */
public record SettingInfo(String key, String extensionId, String type,
                          @com.google.gson.annotations.SerializedName("default") JsonElement defaultValue,
                          String description,
                          @com.google.gson.annotations.SerializedName("enum") List<JsonElement> enumValues,
                          JsonElement items, JsonElement value, JsonElement userValue, JsonElement workspaceValue) {
}
