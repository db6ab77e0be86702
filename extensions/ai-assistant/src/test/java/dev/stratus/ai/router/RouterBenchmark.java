package dev.stratus.ai.router;

import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.Tier;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Latency of a routing decision (not a test: {@code bench/ai-router.sh} runs it). Builds a router with
 * six deployments (two per tier, one of unknown window, one without tools, one cooling down), warms
 * up, then times each decision over the labelled prompts in turn: every fourth request needs tools
 * and every third has a budget. Two figures: {@code decide} with the prompt's features already
 * extracted, and {@code extract+decide}, the whole cost of routing a chat message.
 *
 * <p>Arguments: [decisions, default 200000] [warm-up decisions, default 100000].
 */
public final class RouterBenchmark {
    private RouterBenchmark() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        Router router = new Router(RouterConfig.defaults(), List.of(
                RouterTest.deployment("small-a", Tier.SMALL, 8_192, true),
                RouterTest.deployment("small-b", Tier.SMALL, 32_768, false),
                RouterTest.deployment("medium-a", Tier.MEDIUM, 32_768, true),
                RouterTest.deployment("medium-b", Tier.MEDIUM, null, null),
                RouterTest.deployment("large-a", Tier.LARGE, 200_000, true),
                RouterTest.deployment("large-b", Tier.LARGE, 128_000, true)));
        Cooldowns cooldowns = new Cooldowns() {
            private final Instant until = Instant.now().plusSeconds(60);

            @Override
            public boolean coolingDown(String deployment) {
                return deployment.equals("large-a");
            }

            @Override
            public Instant until(String deployment) {
                return deployment.equals("large-a") ? until : null;
            }
        };
        List<LabelledPrompts.Example> examples = LabelledPrompts.load();
        PromptFeatures[] features = examples.stream().map(e -> PromptFeatures.extract(e.prompt(), e.context()))
                .toArray(PromptFeatures[]::new);

        long sink = 0;
        for (int i = 0; i < warmUp; i++) {
            sink += run(router, cooldowns, examples, features, i, true);
            sink += run(router, cooldowns, examples, features, i, false);
        }
        long[] decide = new long[n];
        long[] whole = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            sink += run(router, cooldowns, examples, features, i, false);
            long t1 = System.nanoTime();
            sink += run(router, cooldowns, examples, features, i, true);
            long t2 = System.nanoTime();
            decide[i] = t1 - t0;
            whole[i] = t2 - t1;
        }
        System.out.printf(Locale.ROOT, "router: %d decisions over %d labelled prompts after %d warm-up (sink %d), %s %s%n",
                n, examples.size(), warmUp, sink % 10, System.getProperty("java.vm.name"), System.getProperty("java.version"));
        report("decide", decide);
        report("extract+decide", whole);
        slowest(examples, whole);
    }

    /** The prompts with the highest median extract+decide: a pathological pattern would show here. */
    private static void slowest(List<LabelledPrompts.Example> examples, long[] whole) {
        int m = examples.size();
        double[] medians = new double[m];
        for (int k = 0; k < m; k++) {
            long[] mine = new long[(whole.length - k + m - 1) / m];
            for (int i = k, j = 0; i < whole.length; i += m, j++) {
                mine[j] = whole[i];
            }
            Arrays.sort(mine);
            medians[k] = mine[mine.length / 2] / 1e3;
        }
        Integer[] order = new Integer[m];
        Arrays.setAll(order, k -> k);
        Arrays.sort(order, (a, b) -> Double.compare(medians[b], medians[a]));
        for (int r = 0; r < Math.min(3, m); r++) {
            LabelledPrompts.Example e = examples.get(order[r]);
            String p = e.prompt().replace('\n', ' ');
            System.out.printf(Locale.ROOT, "  slowest #%d: median %7.2f us, %5d chars: %s%n", r + 1, medians[order[r]],
                    e.prompt().length(), p.length() > 60 ? p.substring(0, 57) + "..." : p);
        }
    }

    private static int run(Router router, Cooldowns cooldowns, List<LabelledPrompts.Example> examples,
                           PromptFeatures[] features, int i, boolean extract) {
        int k = i % examples.size();
        PromptFeatures f = extract ? PromptFeatures.extract(examples.get(k).prompt(), examples.get(k).context()) : features[k];
        RouteRequest request = RouteRequest.forChat(f, 1_000).withTools(i % 4 == 0).withCooldowns(cooldowns);
        if (i % 3 == 0) {
            request = request.withBudget(() -> 50_000);
        }
        RouteDecision d = router.decide(request);
        return d.reasons().size() + d.candidates().size();
    }

    private static void report(String name, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "  %-15s p50 %7.2f us   p99 %7.2f us   max %8.2f us%n", name,
                sorted[sorted.length / 2] / 1e3, sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1e3,
                sorted[sorted.length - 1] / 1e3);
    }
}
