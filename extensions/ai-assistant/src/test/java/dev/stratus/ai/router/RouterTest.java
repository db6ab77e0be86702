package dev.stratus.ai.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.ProviderKind;
import dev.stratus.ai.model.Sampling;
import dev.stratus.ai.model.Tier;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouterTest {

    static Deployment deployment(String name, Tier tier, Integer context, Boolean tools) {
        return new Deployment(name, tier, ProviderKind.OPENAI, URI.create("http://127.0.0.1:11434/v1"), name, null, context,
                4096, tools, Duration.ofSeconds(30));
    }

    private static Cooldowns cooling(Set<String> names, Instant until) {
        return new Cooldowns() {
            @Override
            public boolean coolingDown(String deployment) {
                return names.contains(deployment);
            }

            @Override
            public Instant until(String deployment) {
                return names.contains(deployment) ? until : null;
            }
        };
    }

    private final Router router = new Router(RouterConfig.defaults(), List.of(
            deployment("small-a", Tier.SMALL, 8_192, true),
            deployment("small-b", Tier.SMALL, 32_768, false),
            deployment("medium-a", Tier.MEDIUM, 32_768, true),
            deployment("medium-b", Tier.MEDIUM, null, null),
            deployment("large-a", Tier.LARGE, 200_000, true)));

    private static List<String> names(RouteDecision d) {
        return d.candidates().stream().map(Deployment::name).toList();
    }

    @Test
    void taskFixesTheTierAndCandidatesKeepConfiguredOrder() {
        RouteDecision d = router.decide(RouteRequest.forTask(Task.QUICK_FIX, 1_000, 200));
        assertThat(d.tier()).isEqualTo(Tier.SMALL);
        assertThat(d.deployment()).map(Deployment::name).contains("small-a");
        assertThat(names(d)).startsWith("small-a", "small-b").contains("medium-a", "large-a");
        assertThat(d.fallback()).isFalse();
        assertThat(d.chatScore()).isNull();
        assertThat(d.reasons()).first().isEqualTo("task quick-fix -> small (default)");
    }

    @Test
    void configuredOverrideIsSaid() {
        Router r = new Router(new RouterConfig(Map.of("quick-fix", "large"), null), List.of(deployment("l", Tier.LARGE, null, true)));
        assertThat(r.decide(RouteRequest.forTask(Task.QUICK_FIX, 10, 10)).reasons()).first()
                .isEqualTo("task quick-fix -> large (configured)");
    }

    @Test
    void badConfigurationFailsAtConstruction() {
        assertThatThrownBy(() -> new Router(new RouterConfig(Map.of("quick-fix", "tiny"), null), List.of()))
                .isInstanceOf(RouterConfigException.class);
    }

    @Test
    void chatIsScoredAndItsReasonsKept() {
        PromptFeatures f = PromptFeatures.extract("Design the plugin API for our editor", PromptContext.NONE);
        RouteDecision d = router.decide(RouteRequest.forChat(f, 2_000));
        assertThat(d.tier()).isEqualTo(Tier.LARGE);
        assertThat(d.chatScore().tier()).isEqualTo(Tier.LARGE);
        assertThat(d.reasons()).contains("1 design term: +2.50");
    }

    @Test
    void chatWithoutFeaturesIsRejected() {
        assertThatThrownBy(() -> router.decide(new RouteRequest(Task.CHAT, null, 10, 10, false, null, null, null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("features");
    }

    @Test
    void contextTooSmallIsSkipped() {
        RouteDecision d = router.decide(RouteRequest.forTask(Task.QUICK_FIX, 7_000, 2_000));
        assertThat(d.deployment()).map(Deployment::name).contains("small-b");
        assertThat(d.reasons()).contains("small-a skipped: context 8192 < 9000 needed");
    }

    @Test
    void aSamplingOptionItsApiLacksSkipsADeploymentAndSaysWhich() {
        Deployment claude = new Deployment("claude", Tier.MEDIUM, ProviderKind.ANTHROPIC, URI.create("https://api.anthropic.com"),
                "claude", null, 200_000, 4096, true, Duration.ofSeconds(30));
        Router r = new Router(RouterConfig.defaults(), List.of(claude, deployment("medium-a", Tier.MEDIUM, 32_768, true)));
        Sampling seeded = new Sampling(1.5, null, null, 42L, null, null, null, null, null);

        RouteDecision d = r.decide(RouteRequest.forTask(Task.EXPLAIN, 100, 100).withSampling(seeded));

        assertThat(names(d)).containsExactly("medium-a");
        assertThat(d.reasons()).contains("claude skipped: the anthropic API takes no temperature above 1, seed");
        assertThat(names(r.decide(RouteRequest.forTask(Task.EXPLAIN, 100, 100).withSampling(
                new Sampling(0.5, null, List.of("END"), null, null, null, null, null, null))))).containsExactly("claude", "medium-a");
    }

    @Test
    void unknownContextIsAssumedToFitAndSaid() {
        RouteDecision d = router.decide(RouteRequest.forTask(Task.EXPLAIN, 100_000, 1_000));
        assertThat(names(d)).startsWith("medium-b");
        assertThat(d.reasons()).contains("medium-a skipped: context 32768 < 101000 needed",
                "medium-b: context window unknown, assumed to fit");
    }

    @Test
    void toolsUnsupportedAreSkippedAndUnknownComeLast() {
        RouteDecision small = router.decide(RouteRequest.forTask(Task.QUICK_FIX, 100, 100).withTools(true));
        assertThat(names(small)).doesNotContain("small-b");
        assertThat(small.reasons()).contains("small-b skipped: no tool support");

        RouteDecision medium = router.decide(RouteRequest.forTask(Task.EXPLAIN, 100, 100).withTools(true));
        assertThat(names(medium)).startsWith("medium-a", "medium-b");
        assertThat(medium.reasons()).contains("medium-b: tool support unknown, tried after deployments known to support tools");
    }

    @Test
    void toolsAreNotCheckedWhenNotNeeded() {
        assertThat(names(router.decide(RouteRequest.forTask(Task.QUICK_FIX, 100, 100)))).contains("small-b");
    }

    @Test
    void exhaustedBudgetRoutesNothing() {
        RouteDecision d = router.decide(RouteRequest.forTask(Task.EXPLAIN, 3_000, 1_000).withBudget(() -> 3_999));
        assertThat(d.deployment()).isEmpty();
        assertThat(d.candidates()).isEmpty();
        assertThat(d.fallback()).isFalse();
        assertThat(d.reasons()).last().isEqualTo("budget: 3999 tokens left, the request needs about 4000; nothing routed");
    }

    @Test
    void budgetThatCoversTheEstimatePasses() {
        assertThat(router.decide(RouteRequest.forTask(Task.EXPLAIN, 3_000, 1_000).withBudget(() -> 4_000)).deployment())
                .isPresent();
    }

    @Test
    void coolingDownIsSkippedWithItsEnd() {
        Instant until = Instant.parse("2025-01-01T10:00:00Z");
        RouteDecision d = router.decide(RouteRequest.forTask(Task.QUICK_FIX, 100, 100)
                .withCooldowns(cooling(Set.of("small-a"), until)));
        assertThat(d.deployment()).map(Deployment::name).contains("small-b");
        assertThat(d.reasons()).contains("small-a skipped: cooling down (until 2025-01-01T10:00:00Z)");
    }

    @Test
    void allFilteredFallsBackUpFirstWithTheReason() {
        RouteDecision d = router.decide(RouteRequest.forTask(Task.QUICK_FIX, 100, 100)
                .withCooldowns(cooling(Set.of("small-a", "small-b"), Instant.EPOCH)));
        assertThat(d.tier()).isEqualTo(Tier.MEDIUM);
        assertThat(d.fallback()).isTrue();
        assertThat(names(d)).startsWith("medium-a", "medium-b", "large-a");
        assertThat(d.reasons()).contains("no small deployment passed the filters", "fallback small -> medium");
    }

    @Test
    void largeFallsBackDown() {
        RouteDecision d = router.decide(RouteRequest.forTask(Task.DESIGN, 100, 100)
                .withCooldowns(cooling(Set.of("large-a"), Instant.EPOCH)));
        assertThat(d.tier()).isEqualTo(Tier.MEDIUM);
        assertThat(d.fallback()).isTrue();
        assertThat(d.reasons()).contains("fallback large -> medium");
    }

    @Test
    void contextOverflowEverywhereButLargeGoesUp() {
        RouteDecision d = router.decide(RouteRequest.forTask(Task.QUICK_FIX, 150_000, 1_000));
        // medium-b's window is unknown, so it is assumed to fit and is nearer than large.
        assertThat(d.tier()).isEqualTo(Tier.MEDIUM);
        assertThat(names(d)).containsExactly("medium-b", "large-a");
    }

    @Test
    void nothingAvailableLeavesTheDeploymentEmpty() {
        Instant soon = Instant.parse("2025-01-01T10:00:00Z");
        RouteDecision d = router.decide(RouteRequest.forTask(Task.EXPLAIN, 100, 100).withCooldowns(
                cooling(Set.of("small-a", "small-b", "medium-a", "medium-b", "large-a"), soon)));
        assertThat(d.deployment()).isEmpty();
        assertThat(d.tier()).isEqualTo(Tier.MEDIUM);
        assertThat(d.fallback()).isFalse();
        assertThat(d.reasons()).last().isEqualTo("no deployment available; the first back is medium-a (until 2025-01-01T10:00:00Z)");
        assertThat(d.unservable()).as("waiting may help").isNull();
    }

    @Test
    void aRequestNoDeploymentCouldEverTakeSaysWhy() {
        Router known = new Router(RouterConfig.defaults(), List.of(deployment("small-a", Tier.SMALL, 8_192, false),
                deployment("large-a", Tier.LARGE, 200_000, false)));
        assertThat(known.decide(RouteRequest.forTask(Task.EXPLAIN, 250_000, 1_000)).unservable())
                .isEqualTo(RouteDecision.Unservable.CONTEXT_TOO_SMALL);
        assertThat(known.decide(RouteRequest.forTask(Task.EXPLAIN, 100, 100).withTools(true)).unservable())
                .isEqualTo(RouteDecision.Unservable.NOT_SUPPORTED);
        // Too large for one that is cooling down anyway, and fit for one that is: that one may recover.
        Instant soon = Instant.parse("2025-01-01T10:00:00Z");
        assertThat(known.decide(RouteRequest.forTask(Task.EXPLAIN, 20_000, 1_000)
                .withCooldowns(cooling(Set.of("small-a", "large-a"), soon))).unservable()).isNull();
        assertThat(router.decide(RouteRequest.forTask(Task.EXPLAIN, 100, 100)).unservable()).isNull();
    }

    @Test
    void tierWithoutDeploymentsIsSaid() {
        Router r = new Router(RouterConfig.defaults(), List.of(deployment("m", Tier.MEDIUM, null, true)));
        RouteDecision d = r.decide(RouteRequest.forTask(Task.DESIGN, 10, 10));
        assertThat(d.tier()).isEqualTo(Tier.MEDIUM);
        assertThat(d.reasons()).contains("no large deployment configured", "fallback large -> medium");
    }

    @Test
    void fallbackOrderIsNearestFirstUpBeforeDown() {
        assertThat(Router.fallbackOrder(Tier.SMALL, null)).containsExactly(Tier.SMALL, Tier.MEDIUM, Tier.LARGE);
        assertThat(Router.fallbackOrder(Tier.MEDIUM, null)).containsExactly(Tier.MEDIUM, Tier.LARGE, Tier.SMALL);
        assertThat(Router.fallbackOrder(Tier.LARGE, null)).containsExactly(Tier.LARGE, Tier.MEDIUM, Tier.SMALL);
        assertThat(Router.fallbackOrder(Tier.LARGE, Tier.MEDIUM)).containsExactly(Tier.LARGE, Tier.MEDIUM);
    }

    @Test
    void escalationRaisesTheTierAndIsInTheReasons() {
        Escalation e = new Escalation();
        RouteDecision first = router.decide(RouteRequest.forTask(Task.APPLY_EDIT, 100, 100).withEscalation(e));
        assertThat(first.tier()).isEqualTo(Tier.SMALL);
        assertThat(e.next(first.tier(), Escalation.Reason.EDIT_DID_NOT_APPLY)).contains(Tier.MEDIUM);

        RouteDecision second = router.decide(RouteRequest.forTask(Task.APPLY_EDIT, 100, 100).withEscalation(e));
        assertThat(second.tier()).isEqualTo(Tier.MEDIUM);
        assertThat(second.fallback()).isFalse();
        assertThat(second.reasons()).contains("escalated small -> medium: edit did not apply",
                "escalation floor medium raises small");
        assertThat(e.triedTiers()).containsExactlyInAnyOrder(Tier.SMALL, Tier.MEDIUM);
    }

    @Test
    void escalatedRequestNeverFallsBelowItsFloor() {
        Escalation e = new Escalation();
        e.next(Tier.SMALL, Escalation.Reason.DIAGNOSTICS_WORSE);
        RouteDecision d = router.decide(RouteRequest.forTask(Task.QUICK_FIX, 100, 100).withEscalation(e)
                .withCooldowns(cooling(Set.of("medium-a", "medium-b", "large-a"), Instant.EPOCH)));
        assertThat(d.deployment()).isEmpty();
        assertThat(names(d)).doesNotContain("small-a", "small-b");
    }

    @Test
    void badEstimatesAreRejected() {
        assertThatThrownBy(() -> RouteRequest.forTask(Task.EXPLAIN, -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RouteRequest.forTask(null, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
