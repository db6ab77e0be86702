package dev.stratus.ai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.ai.continuity.CooldownPolicy;
import dev.stratus.ai.continuity.CooldownReason;
import dev.stratus.ai.continuity.Cooldowns;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.ProviderException;
import dev.stratus.ai.model.ProviderKind;
import dev.stratus.ai.model.Tier;
import dev.stratus.ai.testing.RecordingLogger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deployment's cooldown, and what was learnt of what it serves, outlive a restart of the
 * assistant (an edit of stratus.yaml, a server restart), for the same deployment only.
 */
class CarriedCooldownsTest {
    private static final System.Logger LOG = System.getLogger("test");

    @TempDir
    Path dir;
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-02T10:00:00Z"));

    private Cooldowns cooldowns() {
        return new Cooldowns(CooldownPolicy.defaults(), now::get, () -> 0L);
    }

    private static Deployment deployment(String name, String baseUrl, String model) {
        return new Deployment(name, Tier.SMALL, ProviderKind.OPENAI, URI.create(baseUrl), model, null, null, null, null,
                Duration.ofSeconds(5));
    }

    @Test
    void aRunningCooldownGoesOnAfterARestartForTheSameDeploymentOnly() throws Exception {
        Deployment limited = deployment("limited", "http://127.0.0.1:1/v1", "qwen");
        Deployment busy = deployment("busy", "http://127.0.0.1:2/v1", "llama");
        Deployment moved = deployment("moved", "http://127.0.0.1:3/v1", "qwen");
        Deployment refused = deployment("refused", "http://127.0.0.1:4/v1", "qwen");
        Deployment small = deployment("small", "http://127.0.0.1:5/v1", "qwen");
        Cooldowns before = cooldowns();
        before.recordFailure("limited", CooldownReason.QUOTA_EXHAUSTED, Duration.ofMinutes(40));
        before.recordFailure("busy", CooldownReason.RATE_LIMITED, Duration.ofMinutes(4));
        before.recordFailure("busy", CooldownReason.RATE_LIMITED, Duration.ofMinutes(4));
        before.recordFailure("moved", CooldownReason.RATE_LIMITED, Duration.ofMinutes(2));
        before.recordFailure("refused", CooldownReason.AUTH, null);
        before.recordFailure("small", new ProviderException(ProviderException.Kind.CONTEXT_OVERFLOW, 400, null, "too long", 8192));
        CarriedCooldowns.save(dir, before, List.of(limited, busy, moved, refused, small), LOG);

        now.set(now.get().plus(Duration.ofMinutes(1)));
        Cooldowns after = cooldowns();
        Deployment movedElsewhere = deployment("moved", "http://127.0.0.1:9/v1", "qwen");
        int taken = CarriedCooldowns.restore(dir, after, List.of(limited, busy, movedElsewhere, refused, small), LOG);

        assertThat(taken).isEqualTo(2);
        assertThat(after.outOfQuota("limited")).isTrue();
        assertThat(after.remaining("limited")).contains(Duration.ofMinutes(39));
        assertThat(after.remaining("busy")).contains(Duration.ofMinutes(3));
        assertThat(after.current("busy").orElseThrow().consecutiveFailures()).as("the next failure's cooldown grows on").isEqualTo(2);
        // Another server under the same name is another deployment.
        assertThat(after.coolingDown("moved")).isFalse();
        // A refused key: a new one is what an edit often brings, and it is read again at start.
        assertThat(after.coolingDown("refused")).isFalse();
        // What was learnt of a deployment does not end by itself: a restart has it learnt afresh.
        assertThat(after.servedContext("small")).isEmpty();

        // A cooldown over by the next start is not carried.
        now.set(now.get().plus(Duration.ofHours(1)));
        assertThat(CarriedCooldowns.restore(dir, cooldowns(), List.of(limited, busy), LOG)).isZero();
    }

    @Test
    void aFileThatCannotBeReadIsIgnoredAndNothingLeftToCarryLeavesNoFile() throws Exception {
        Deployment d = deployment("a", "http://127.0.0.1:1/v1", "m");
        Files.writeString(dir.resolve(CarriedCooldowns.FILE), "{not json");
        List<String> logged = new ArrayList<>();
        System.Logger log = new RecordingLogger(logged);
        Cooldowns cooldowns = cooldowns();
        assertThat(CarriedCooldowns.restore(dir, cooldowns, List.of(d), log)).isZero();
        assertThat(cooldowns.coolingDown("a")).isFalse();
        assertThat(logged).singleElement().asString().contains("cannot be read");

        CarriedCooldowns.save(dir, cooldowns, List.of(d), log);
        assertThat(dir.resolve(CarriedCooldowns.FILE)).doesNotExist();
    }
}
