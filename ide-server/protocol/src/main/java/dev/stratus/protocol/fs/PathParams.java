package dev.stratus.protocol.fs;

/** @param path workspace-relative POSIX path; {@code ""} or {@code "."} is the root */
public record PathParams(String path) {
}
