package dev.stratus.protocol.fs;

/** @param version version of the content just written */
public record WriteResult(String version) {
}
