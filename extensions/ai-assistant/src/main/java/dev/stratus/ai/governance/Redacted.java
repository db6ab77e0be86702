package dev.stratus.ai.governance;

import dev.stratus.ai.model.ChatRequest;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A request with its secrets replaced by {@code [REDACTED:<kind>]}, and what was replaced.
 *
 * @param request the request to send
 * @param findings one entry per kind and message, in message order; never the secret itself
 */
public record Redacted(ChatRequest request, List<Finding> findings) {
    public Redacted {
        findings = List.copyOf(findings);
    }

    /**
     * Secrets of one kind found in one message.
     *
     * @param kind for example {@code aws-access-key}
     * @param location the index of the message in the request (its content, tool-call arguments or tool
     *     result), or {@link #OUTSIDE_MESSAGES} for the tools offered and the sampling options
     * @param count how many were replaced
     */
    public record Finding(String kind, int location, int count) {
        /** The location of a secret in the tools offered or the sampling options. */
        public static final int OUTSIDE_MESSAGES = -1;
    }

    /** Counts per kind over all messages, sorted by kind: what the audit log records. */
    public Map<String, Integer> countsByKind() {
        return countsByKind(0);
    }

    /**
     * Counts per kind in the messages from index {@code firstMessage} on, sorted by kind: what a
     * request that sends a conversation again (an agent loop's next step) adds to what its earlier
     * requests counted. The tools offered and the sampling options count only from 0.
     */
    public Map<String, Integer> countsByKind(int firstMessage) {
        Map<String, Integer> counts = new TreeMap<>();
        findings.stream().filter(f -> f.location() >= firstMessage || firstMessage == 0 && f.location() == Finding.OUTSIDE_MESSAGES)
                .forEach(f -> counts.merge(f.kind(), f.count(), Integer::sum));
        return counts;
    }
}
