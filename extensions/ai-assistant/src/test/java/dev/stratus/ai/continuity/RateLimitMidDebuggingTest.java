package dev.stratus.ai.continuity;

import static dev.stratus.ai.continuity.ResilientChatTest.REQUEST;
import static dev.stratus.ai.continuity.ResilientChatTest.mediumNeighbour;
import static dev.stratus.ai.continuity.ResilientChatTest.small;
import static dev.stratus.ai.continuity.ScriptedClient.answer;
import static dev.stratus.ai.continuity.ScriptedClient.fail;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.ai.continuity.Attempt.Outcome;
import dev.stratus.ai.model.ProviderException.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A user debugging with quick questions while the primary small deployment is rate limited:
 * every question is answered by the tier's second deployment at once, and the first is only
 * asked again once its Retry-After has passed.
 */
class RateLimitMidDebuggingTest {
    final FakeTime time = new FakeTime();
    final Cooldowns cooldowns = new Cooldowns(CooldownPolicy.defaults(), time, new FixedRandom(0));
    final ScriptedClient client = new ScriptedClient()
            .on("small-1", fail(Kind.RATE_LIMITED, Duration.ofSeconds(20)))
            .on("small-2", answer("try a breakpoint in parse()"))
            .on("medium-1", answer("a larger model's view"));
    final List<ContinuityEvent> events = new ArrayList<>();
    final ResilientChat chat = new ResilientChat(ContinuityConfig.defaults(), cooldowns,
            new Backoff(Duration.ofMillis(500), Duration.ofSeconds(4), new FixedRandom(0.5), time), time, time, d -> client);
    final List<Candidate> route = List.of(small("small-1"), small("small-2"), mediumNeighbour("medium-1"));

    @Test
    void questionsGoToTheSecondDeploymentWithoutWaitingUntilTheRetryAfterHasPassed() throws Exception {
        for (int question = 1; question <= 5; question++) {
            Answer answer = chat.call(route, REQUEST, events::add);

            assertThat(answer.answeredBy().name()).isEqualTo("small-2");
            assertThat(answer.trace().attempts()).first().satisfies(a -> {
                assertThat(a.deployment()).isEqualTo("small-1");
                assertThat(a.coolingUntil()).isEqualTo(FakeTime.START.plusSeconds(20));
            });
            assertThat(answer.trace().attempts().get(0).outcome())
                    .isEqualTo(question == 1 ? Outcome.RATE_LIMITED : Outcome.SKIPPED_COOLING_DOWN);
            time.advance(Duration.ofSeconds(3)); // reading the answer, typing the next question
        }
        assertThat(client.calls("small-1")).isEqualTo(1);
        assertThat(client.calls("small-2")).isEqualTo(5);
        assertThat(client.calls("medium-1")).isZero();
        assertThat(time.sleeps).isEmpty();
        assertThat(events).noneMatch(ContinuityEvent.Notice.class::isInstance);

        time.advance(Duration.between(time.instant(), FakeTime.START.plusSeconds(20)).minusMillis(1));
        chat.call(route, REQUEST, events::add);
        assertThat(client.calls("small-1")).isEqualTo(1);

        time.advance(Duration.ofMillis(1));
        Answer later = chat.call(route, REQUEST, events::add);
        assertThat(client.calls("small-1")).isEqualTo(2);
        assertThat(later.answeredBy().name()).isEqualTo("small-2");
        assertThat(cooldowns.until("small-1")).contains(FakeTime.START.plusSeconds(40));
    }
}
