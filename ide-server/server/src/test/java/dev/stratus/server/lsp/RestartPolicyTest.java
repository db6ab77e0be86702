package dev.stratus.server.lsp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.server.websocket.Liveness;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {

    @Test
    void theBackOffDoublesAndGivesUpAfterFiveCrashesWithinThreeMinutes() {
        AtomicLong now = new AtomicLong();
        RestartPolicy policy = new RestartPolicy(LspConfig.defaults(), now::get);
        assertThat(policy.crashed()).contains(Duration.ofMillis(500));
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(policy.crashed()).contains(Duration.ofSeconds(1));
        assertThat(policy.crashed()).contains(Duration.ofSeconds(2));
        assertThat(policy.crashed()).contains(Duration.ofSeconds(4));
        assertThat(policy.crashed()).isEmpty();
        policy.reset();
        assertThat(policy.crashed()).contains(Duration.ofMillis(500));
    }

    @Test
    void crashesOutsideTheWindowAreForgottenAndTheDelayIsCapped() {
        AtomicLong now = new AtomicLong();
        LspConfig many = new LspConfig(Duration.ofMinutes(10), 4, Duration.ofMillis(500), Duration.ofSeconds(30), 100,
                Duration.ofMinutes(3), 16 << 20, Duration.ofSeconds(60), Duration.ofSeconds(3), Liveness.Timing.defaults());
        RestartPolicy policy = new RestartPolicy(many, now::get);
        Duration last = null;
        for (int i = 0; i < 10; i++) {
            last = policy.crashed().orElseThrow();
        }
        assertThat(last).isEqualTo(Duration.ofSeconds(30));
        now.addAndGet(Duration.ofMinutes(4).toNanos());
        assertThat(policy.crashed()).contains(Duration.ofMillis(500));

        RestartPolicy defaults = new RestartPolicy(LspConfig.defaults(), now::get);
        for (int i = 0; i < 4; i++) {
            assertThat(defaults.crashed()).isPresent();
            now.addAndGet(Duration.ofMinutes(1).toNanos());
        }
        assertThat(defaults.crashed()).as("only 3 of the 5 crashes fall inside 3 minutes").isPresent();
    }
}
