package dev.stratus.ai.provider;

import dev.stratus.ai.model.Deployment;
import java.util.List;

/**
 * What probing a deployment found.
 *
 * @param deployment the deployment with what was found filled in (configured values win)
 * @param contextTokens the context length the server reported, null when none did
 * @param contextSource where it came from ({@code "vLLM /models max_model_len"}, ...), null with it
 * @param tools whether the server accepted a request offering a tool, null when not found out
 * @param problems why something could not be found out, or what looks wrong; empty when all is well
 */
public record ProbeResult(Deployment deployment, Integer contextTokens, String contextSource, Boolean tools,
                          List<String> problems) {
    public ProbeResult {
        problems = List.copyOf(problems);
    }

    /** The server did not answer at all: worth probing again later. */
    public boolean unreachable() {
        return unreachable(problems);
    }

    /** Whether {@code problems} say the server did not answer (their words begin so). */
    static boolean unreachable(List<String> problems) {
        return problems.stream().anyMatch(p -> p.startsWith("unreachable"));
    }

    /** Nothing went wrong. */
    public boolean ok() {
        return problems.isEmpty();
    }
}
