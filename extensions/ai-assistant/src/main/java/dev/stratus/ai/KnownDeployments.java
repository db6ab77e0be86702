package dev.stratus.ai;

import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.provider.ProbeResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The deployments as their latest probes found them (context, tools, output limit), why one
 * could not be probed, and which did not answer at all. A probe or a successful call updates
 * them; a listener hears of each change to a deployment, to route with it from then on.
 */
public final class KnownDeployments {
    private volatile List<Deployment> deployments;
    private final Map<String, String> problems = new ConcurrentHashMap<>();
    private final Set<String> unreachable = ConcurrentHashMap.newKeySet();
    private volatile Consumer<List<Deployment>> listener = d -> { };

    /** The deployments as configured, none probed yet. */
    public KnownDeployments(List<Deployment> deployments) {
        this.deployments = List.copyOf(deployments);
    }

    /** Deployments with problems already known (none of them unreachable). */
    public KnownDeployments(List<Deployment> deployments, Map<String, String> problems) {
        this(deployments);
        this.problems.putAll(problems);
    }

    /** Every deployment, in configured order, with what probes found. */
    public List<Deployment> list() {
        return deployments;
    }

    /** Why probing the deployment went wrong, if it did. */
    public Optional<String> problem(String name) {
        return Optional.ofNullable(problems.get(name));
    }

    /** Whether the deployment did not answer its last probe, nor any call since. */
    public boolean unreachable(String name) {
        return unreachable.contains(name);
    }

    /** Calls {@code listener} with every deployment after each change to one (replacing the previous listener). */
    public void onChange(Consumer<List<Deployment>> listener) {
        this.listener = listener;
    }

    /** Takes what a probe found. */
    public void probed(ProbeResult r) {
        String name = r.deployment().name();
        if (r.ok()) {
            problems.remove(name);
        } else {
            problems.put(name, String.join("; ", r.problems()));
        }
        if (r.unreachable()) {
            unreachable.add(name);
        } else {
            unreachable.remove(name);
        }
        replace(r.deployment());
    }

    /**
     * A call to the deployment succeeded: it is reachable, whatever its last probe said.
     *
     * @return whether it was taken for unreachable until now
     */
    public boolean answered(String name) {
        if (!unreachable.remove(name)) {
            return false;
        }
        problems.remove(name);
        return true;
    }

    private synchronized void replace(Deployment d) {
        List<Deployment> next = new ArrayList<>(deployments);
        boolean changed = false;
        for (int i = 0; i < next.size(); i++) {
            if (next.get(i).name().equals(d.name()) && !next.get(i).equals(d)) {
                next.set(i, d);
                changed = true;
            }
        }
        if (changed) {
            deployments = List.copyOf(next);
            listener.accept(deployments);
        }
    }
}
