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
import java.util.function.UnaryOperator;

/**
 * The deployments as their latest probes found them (context, tools, output limit), why one
 * could not be probed, which did not answer at all, and what is wrong with the key file of one
 * whose key was refused. A probe, a successful call or a key read again from its file updates
 * them; a listener hears of each change to a deployment, to route with it from then on.
 */
public final class KnownDeployments {
    private volatile List<Deployment> deployments;
    private final Map<String, String> problems = new ConcurrentHashMap<>();
    private final Set<String> unreachable = ConcurrentHashMap.newKeySet();
    private final Map<String, String> keyProblems = new ConcurrentHashMap<>();
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

    /** The deployment named {@code name}, as known now, if there is one. */
    public Optional<Deployment> find(String name) {
        return deployments.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /** Why probing the deployment went wrong, and what is wrong with its key file, if anything is. */
    public Optional<String> problem(String name) {
        String probed = problems.get(name);
        String key = keyProblems.get(name);
        return Optional.ofNullable(probed == null ? key : key == null ? probed : key + "; " + probed);
    }

    /**
     * The deployment's key was refused and its key file holds no other: {@code problem} says why
     * (never quoting the file), until a new key is read.
     */
    public void keyRefused(String name, String problem) {
        keyProblems.put(name, problem);
    }

    /** Whether the deployment's key was refused and its key file had no other when last read. */
    public boolean keyRefused(String name) {
        return keyProblems.containsKey(name);
    }

    /** A new key was read from the deployment's key file: it is used from now on. */
    public void rekeyed(String name, String key) {
        keyProblems.remove(name);
        replace(name, d -> d.withApiKey(key));
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
        // Probed with the key of its time: a key read since is kept.
        replace(name, d -> r.deployment().withApiKey(d.apiKey()));
    }

    /**
     * A call to the deployment succeeded: it is reachable, whatever its last probe said, and its key
     * is taken.
     *
     * @return whether it was taken for unreachable until now
     */
    public boolean answered(String name) {
        keyProblems.remove(name);
        if (!unreachable.remove(name)) {
            return false;
        }
        problems.remove(name);
        return true;
    }

    private synchronized void replace(String name, UnaryOperator<Deployment> change) {
        List<Deployment> next = new ArrayList<>(deployments);
        boolean changed = false;
        for (int i = 0; i < next.size(); i++) {
            if (next.get(i).name().equals(name)) {
                Deployment d = change.apply(next.get(i));
                if (!next.get(i).equals(d)) {
                    next.set(i, d);
                    changed = true;
                }
            }
        }
        if (changed) {
            deployments = List.copyOf(next);
            listener.accept(deployments);
        }
    }
}
