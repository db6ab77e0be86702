package dev.stratus.protocol.git;

/**
 * Progress of a long git operation.
 *
 * @param operation {@code clone}, {@code fetch}, {@code pull} or {@code push}
 * @param task what git is doing ({@code "Receiving objects"})
 * @param completed units done in this task
 * @param total units in this task, or 0 when unknown
 */
public record GitProgressParams(String operation, String task, int completed, int total) {
}
