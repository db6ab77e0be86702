package dev.stratus.protocol.fs;

import java.util.List;

/** @param entries the directory's entries, sorted by name */
public record ListResult(List<FileStat> entries) {
}
