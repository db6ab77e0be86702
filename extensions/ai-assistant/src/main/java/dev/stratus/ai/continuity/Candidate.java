package dev.stratus.ai.continuity;

import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.Tier;

/**
 * One deployment the router would accept for a request, in the router's order of preference.
 *
 * @param deployment the deployment
 * @param tier the tier it serves this request as
 * @param primaryTier whether that is the tier the router chose; false for a neighbouring tier,
 *     whose use the user is told about
 */
public record Candidate(Deployment deployment, Tier tier, boolean primaryTier) {

    public static Candidate primary(Deployment deployment) {
        return new Candidate(deployment, deployment.tier(), true);
    }

    public static Candidate neighbour(Deployment deployment) {
        return new Candidate(deployment, deployment.tier(), false);
    }

    public String name() {
        return deployment.name();
    }
}
