package dev.stratus.protocol.extension;

import java.util.List;

/** @param settings every declared setting, sorted by key, with the caller's values */
public record SettingsListResult(List<SettingInfo> settings) {
}
