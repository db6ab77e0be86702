package dev.stratus.protocol.extension;

import java.util.List;

/** @param keys settings whose value changed */
public record SettingsChange(List<String> keys) {
}
