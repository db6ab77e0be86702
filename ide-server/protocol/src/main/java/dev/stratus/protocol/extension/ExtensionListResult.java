package dev.stratus.protocol.extension;

import java.util.List;

/** @param extensions every extension, sorted by id */
public record ExtensionListResult(List<ExtensionInfo> extensions) {
}
