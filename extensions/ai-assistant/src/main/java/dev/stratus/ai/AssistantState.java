package dev.stratus.ai;

import dev.stratus.ai.chat.AiProtocol;
import dev.stratus.ai.config.AiConfig;
import dev.stratus.ai.continuity.CooldownText;
import dev.stratus.ai.continuity.Cooldowns;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.provider.LocalServer;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the assistant knows of its deployments, for {@code ai/status}, the gateway's model list
 * and the help shown when nothing is configured: as their latest probes found them, with the
 * model servers found on this machine ({@code localServers}) while none is configured.
 */
public record AssistantState(AiConfig config, KnownDeployments known, String configProblem, Cooldowns cooldowns,
                             Supplier<List<LocalServer>> localServers) {
    /** Without looking for model servers on this machine. */
    public AssistantState(AiConfig config, KnownDeployments known, String configProblem, Cooldowns cooldowns) {
        this(config, known, configProblem, cooldowns, List::of);
    }

    /** Deployments as probed once, with the problems found then (none of them unreachable). */
    public AssistantState(AiConfig config, List<Deployment> deployments, Map<String, String> problems, String configProblem,
                          Cooldowns cooldowns) {
        this(config, new KnownDeployments(deployments, problems), configProblem, cooldowns, List::of);
    }

    /**
     * Shown when no model is configured (or the configuration has a mistake). Markdown, as the
     * browser renders it: the example is indented as a code block, which reads as plain text too.
     */
    public static final String HELP = """
            No AI model is configured. Add an ai: section to stratus.yaml (in the data folder, or the file given with \
            --config) naming at least one OpenAI-compatible or Anthropic deployment. Saving the file is enough: the \
            edit is picked up within a few seconds, without a restart:

                ai:
                  deployments:
                    - name: local-small
                      tier: small
                      provider: openai
                      baseUrl: http://127.0.0.1:11434/v1
                      model: qwen2.5-coder:1.5b

            Keys come from the environment (apiKeyEnv: NAME) or a file (apiKeyFile: PATH), never from the file itself.""";

    /** Every deployment, with what probes found. */
    public List<Deployment> deployments() {
        return known.list();
    }

    /**
     * Whether {@code d} may be sent text completions: configured to ({@link Deployment#servesCompletions})
     * and not found to serve none.
     */
    public boolean servesCompletions(Deployment d) {
        return d.servesCompletions() && cooldowns.completionsUnserved(d.name()).isEmpty();
    }

    /** Why {@code d} is not sent text completions, for people; null when it is. */
    public String noCompletions(Deployment d) {
        return d.servesCompletions() ? cooldowns.completionsUnserved(d.name()).orElse(null) : d.noCompletions();
    }

    /** The tiers that have a deployment: an edit escalates only when one of them is larger. */
    public java.util.Set<dev.stratus.ai.model.Tier> tiers() {
        java.util.Set<dev.stratus.ai.model.Tier> tiers = java.util.EnumSet.noneOf(dev.stratus.ai.model.Tier.class);
        deployments().forEach(d -> tiers.add(d.tier()));
        return tiers;
    }

    public boolean configured() {
        return !deployments().isEmpty();
    }

    public AiProtocol.Status status() {
        List<AiProtocol.DeploymentStatus> ds = deployments().stream().map(d -> {
            var until = cooldowns.until(d.name());
            String state = known.unreachable(d.name()) ? "unreachable" : until.isPresent() ? "cooling-down" : "ready";
            Integer served = cooldowns.servedContext(d.name()).orElse(null);
            String problem = known.problem(d.name()).orElse(null);
            if (until.isPresent()) {
                // Why it is left alone: a server that takes no connection wants starting, not waiting for.
                String why = cooldowns.current(d.name()).map(cd -> "cooling down: " + CooldownText.words(cd.reason(), d)).orElse(null);
                problem = problem == null ? why : why == null ? problem : problem + "; " + why;
            }
            if (served != null && (d.contextTokens() == null || served < d.contextTokens())) {
                String found = "serves " + served + " tokens of context (so it said on refusing a longer request)"
                        + (d.contextTokens() == null ? "" : ", less than the " + d.contextTokens() + " it reports")
                        + "; requests that need more go to other deployments";
                problem = problem == null ? found : problem + "; " + found;
            }
            String unserved = d.servesCompletions() ? cooldowns.completionsUnserved(d.name()).orElse(null) : null;
            if (unserved != null) {
                String found = unserved + "; text completions go to other deployments (set completions: false on it)";
                problem = problem == null ? found : problem + "; " + found;
            }
            return new AiProtocol.DeploymentStatus(d.name(), d.tier().id(), d.provider().id(), d.model(),
                    served != null ? d.servingAtMost(served).contextTokens() : d.contextTokens(),
                    d.tools(), state, until.map(Object::toString).orElse(null), problem);
        }).toList();
        String help = configured() ? null : (configProblem == null ? HELP : "The ai: configuration has a mistake: "
                + configProblem + "\n\n" + HELP);
        List<AiProtocol.FoundServer> found = configured() ? null : localServers.get().stream()
                .map(s -> new AiProtocol.FoundServer(s.server(), s.baseUrl(), s.models())).toList();
        return new AiProtocol.Status(configured(), ds, help, found);
    }

    public String summary() {
        if (!configured()) {
            return configProblem == null ? "No AI model configured" : "AI configuration not used: " + configProblem;
        }
        List<Deployment> deployments = deployments();
        return deployments.size() + " deployment" + (deployments.size() == 1 ? "" : "s") + ": "
                + String.join(", ", deployments.stream().map(d -> d.name() + " (" + d.tier().id() + ")").toList());
    }
}
