package dev.stratus.protocol.fs;

/** @param watchId a watch id returned by {@link FileService#watch} on this connection */
public record UnwatchParams(String watchId) {
}
