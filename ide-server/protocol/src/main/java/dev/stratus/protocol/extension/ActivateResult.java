package dev.stratus.protocol.extension;

import java.util.List;

/** @param activated extensions activated by this call */
public record ActivateResult(List<String> activated) {
}
