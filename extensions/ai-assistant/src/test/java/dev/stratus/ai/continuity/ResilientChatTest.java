package dev.stratus.ai.continuity;

import static dev.stratus.ai.continuity.ScriptedClient.answer;
import static dev.stratus.ai.continuity.ScriptedClient.cut;
import static dev.stratus.ai.continuity.ScriptedClient.fail;
import static dev.stratus.ai.continuity.ScriptedClient.overflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.ai.continuity.Attempt.Outcome;
import dev.stratus.ai.continuity.CandidateState.State;
import dev.stratus.ai.continuity.ContinuityEvent.Notice;
import dev.stratus.ai.continuity.ContinuityEvent.Output;
import dev.stratus.ai.continuity.ContinuityEvent.Restart;
import dev.stratus.ai.model.ChatMessage;
import dev.stratus.ai.model.ChatRequest;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.ProviderException.Kind;
import dev.stratus.ai.model.ProviderKind;
import dev.stratus.ai.model.StreamEvent;
import dev.stratus.ai.model.Tier;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ResilientChatTest {
    static final ChatRequest REQUEST = new ChatRequest(List.of(ChatMessage.user("why does this NPE?")), null, null, null);

    final FakeTime time = new FakeTime();
    final Cooldowns cooldowns = new Cooldowns(CooldownPolicy.defaults(), time, new FixedRandom(0));
    final ScriptedClient client = new ScriptedClient();
    final List<ContinuityEvent> events = new CopyOnWriteArrayList<>();

    ResilientChat chat(ContinuityConfig config) {
        Backoff backoff = new Backoff(config.backoffBase(), config.backoffCap(), new FixedRandom(0.5), time);
        return new ResilientChat(config, cooldowns, backoff, time, time, d -> client);
    }

    ResilientChat chat() {
        return chat(ContinuityConfig.defaults());
    }

    static Deployment deployment(String name, Tier tier, Integer contextTokens) {
        return new Deployment(name, tier, ProviderKind.OPENAI, URI.create("http://127.0.0.1:1/v1"), name + "-model",
                null, contextTokens, null, null, Duration.ofSeconds(60));
    }

    static Candidate small(String name) {
        return Candidate.primary(deployment(name, Tier.SMALL, null));
    }

    static Candidate mediumNeighbour(String name) {
        return Candidate.neighbour(deployment(name, Tier.MEDIUM, null));
    }

    Answer call(Candidate... candidates) throws InterruptedException {
        return chat().call(List.of(candidates), REQUEST, events::add);
    }

    List<Outcome> outcomes(Answer a) {
        return a.trace().attempts().stream().map(Attempt::outcome).toList();
    }

    String text(String deployment) {
        StringBuilder b = new StringBuilder();
        for (ContinuityEvent e : events) {
            if (e instanceof Output(String d, StreamEvent.TextDelta(String t)) && d.equals(deployment)) {
                b.append(t);
            }
        }
        return b.toString();
    }

    @Test
    void rateLimitWithRetryAfterCoolsDownUntilExactlyThenAndFallsBackWithinTheTier() throws Exception {
        client.on("a", fail(Kind.RATE_LIMITED, Duration.ofSeconds(20))).on("b", answer("use Optional"));

        Answer answer = call(small("a"), small("b"));

        assertThat(answer.result().text()).isEqualTo("use Optional");
        assertThat(answer.answeredBy().name()).isEqualTo("b");
        assertThat(cooldowns.until("a")).contains(FakeTime.START.plusSeconds(20));
        assertThat(time.sleeps).isEmpty();
        assertThat(events).noneMatch(Notice.class::isInstance);
        Attempt first = answer.trace().attempts().get(0);
        assertThat(first.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(first.retryAfter()).isEqualTo(Duration.ofSeconds(20));
        assertThat(first.coolingUntil()).isEqualTo(FakeTime.START.plusSeconds(20));
        assertThat(outcomes(answer)).containsExactly(Outcome.RATE_LIMITED, Outcome.ANSWERED);
    }

    @Test
    void serviceUnavailableTwiceThenSuccessIsRetriedInPlaceWithBackoff() throws Exception {
        client.on("a", fail(Kind.OVERLOADED), fail(Kind.OVERLOADED), answer("fixed"));

        Answer answer = chat(ContinuityConfig.defaults().withRetriesInPlace(2))
                .call(List.of(small("a"), small("b")), REQUEST, events::add);

        assertThat(answer.answeredBy().name()).isEqualTo("a");
        assertThat(client.calls("a")).isEqualTo(3);
        assertThat(client.calls("b")).isZero();
        // Full jitter at a draw of 0.5: half of 500 ms, then half of 1 s.
        assertThat(time.sleeps).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500));
        assertThat(outcomes(answer)).containsExactly(Outcome.OVERLOADED, Outcome.OVERLOADED, Outcome.ANSWERED);
        assertThat(answer.trace().attempts().get(0).note()).startsWith("retried in place after 250 ms");
        assertThat(cooldowns.coolingDown("a")).isFalse();
    }

    @Test
    void byDefaultOneRetryInPlaceThenTheDeploymentCoolsDown() throws Exception {
        client.on("a", fail(Kind.SERVER_ERROR), fail(Kind.SERVER_ERROR), answer("late")).on("b", answer("fine"));

        Answer answer = call(small("a"), small("b"));

        assertThat(answer.answeredBy().name()).isEqualTo("b");
        assertThat(client.calls("a")).isEqualTo(2);
        assertThat(cooldowns.until("a")).contains(time.instant().plusSeconds(1));
    }

    @Test
    void aLongRetryAfterIsNotWaitedOutInPlace() throws Exception {
        client.on("a", fail(Kind.OVERLOADED, Duration.ofSeconds(10))).on("b", answer("fine"));

        Answer answer = call(small("a"), small("b"));

        assertThat(client.calls("a")).isEqualTo(1);
        assertThat(time.sleeps).isEmpty();
        assertThat(cooldowns.until("a")).contains(FakeTime.START.plusSeconds(10));
        assertThat(answer.answeredBy().name()).isEqualTo("b");
    }

    @Test
    void aShortRetryAfterIsWaitedOutInPlace() throws Exception {
        client.on("a", fail(Kind.RATE_LIMITED, Duration.ofSeconds(2)), answer("after the pause"));

        Answer answer = call(small("a"), small("b"));

        assertThat(answer.answeredBy().name()).isEqualTo("a");
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void timeoutCoolsTheDeploymentDownWithoutARetryInPlace() throws Exception {
        client.on("a", fail(Kind.TIMEOUT)).on("b", answer("fine"));

        Answer answer = call(small("a"), small("b"));

        assertThat(client.calls("a")).isEqualTo(1);
        assertThat(cooldowns.current("a")).hasValueSatisfying(cd -> {
            assertThat(cd.reason()).isEqualTo(CooldownReason.TIMEOUT);
            assertThat(cd.until()).isEqualTo(FakeTime.START.plusSeconds(1));
        });
        assertThat(outcomes(answer)).containsExactly(Outcome.TIMEOUT, Outcome.ANSWERED);
    }

    @Test
    void whenAllAreCoolingDownTheCallWaitsForTheEarliestThenSucceeds() throws Exception {
        cooldowns.recordFailure("a", CooldownReason.RATE_LIMITED, Duration.ofSeconds(12));
        cooldowns.recordFailure("b", CooldownReason.RATE_LIMITED, Duration.ofSeconds(5));
        client.on("a", answer("a's")).on("b", answer("b's"));

        Answer answer = call(small("a"), small("b"));

        assertThat(answer.answeredBy().name()).isEqualTo("b");
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(5));
        assertThat(answer.trace().waited()).isEqualTo(Duration.ofSeconds(5));
        assertThat(events).first().isEqualTo(new Notice(Notice.Kind.WAITING,
                "No deployment can answer right now (a: rate limited, b: rate limited); waiting 5 s for b."));
        assertThat(outcomes(answer)).containsExactly(Outcome.SKIPPED_COOLING_DOWN, Outcome.SKIPPED_COOLING_DOWN,
                Outcome.SKIPPED_COOLING_DOWN, Outcome.ANSWERED);
        assertThat(client.calls("a")).isZero();
    }

    @Test
    void whenAllAreCoolingDownBeyondTheBoundTheCallFailsListingEveryState() {
        cooldowns.recordFailure("a", CooldownReason.RATE_LIMITED, Duration.ofSeconds(60));
        client.on("b", fail(Kind.AUTH)).on("c", fail(Kind.RATE_LIMITED, Duration.ofSeconds(45)));

        assertThatThrownBy(() -> call(small("a"), small("b"), mediumNeighbour("c")))
                .isInstanceOfSatisfying(ChatUnavailableException.class, e -> {
                    assertThat(e.candidates()).extracting(CandidateState::deployment, CandidateState::state,
                            CandidateState::coolingUntil).containsExactly(
                            org.assertj.core.groups.Tuple.tuple("a", State.COOLING_DOWN, FakeTime.START.plusSeconds(60)),
                            org.assertj.core.groups.Tuple.tuple("b", State.AUTH_FAILED, null),
                            org.assertj.core.groups.Tuple.tuple("c", State.COOLING_DOWN, FakeTime.START.plusSeconds(45)));
                    assertThat(e.getMessage()).isEqualTo("No deployment can answer within the 30 s this request may wait: "
                            + "a (small): rate limited, available again in 60 s; "
                            + "b (small): authentication failed (auth from upstream); "
                            + "c (medium): rate limited, available again in 45 s");
                    assertThat(e.trace().calls()).isEqualTo(2);
                });
        assertThat(time.sleeps).isEmpty();
        assertThat(cooldowns.coolingDown("b")).isTrue();
    }

    @Test
    void aDeploymentThatKeepsFailingIsGivenUpOnOnceTheWaitBoundIsSpent() {
        client.on("a", fail(Kind.OVERLOADED));

        assertThatThrownBy(() -> call(small("a")))
                .isInstanceOfSatisfying(ChatUnavailableException.class, e -> assertThat(e.getMessage())
                        .isEqualTo("No deployment can answer within the 30 s this request may wait: "
                                + "a (small): failing with server errors, 5 times in a row, available again in 16 s"));
        // Cooldowns of 1, 2, 4 and 8 s were waited out; the fifth (16 s) would pass the 30 s bound.
        assertThat(client.calls("a")).isEqualTo(10);
        assertThat(time.sleeps).filteredOn(d -> d.toSeconds() >= 1)
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8));
    }

    /**
     * A deployment answering 503 again and again: the user is told it is failing, not "busy", and
     * the end names each candidate's state in words, with when it is back as a wait, not an
     * instant in UTC to the nanosecond.
     */
    @Test
    void waitingAndGivingUpSayWhyInWordsAndWhenAsAWait() {
        client.on("a", fail(Kind.SERVER_ERROR)).on("b", fail(Kind.RATE_LIMITED, Duration.ofSeconds(60)));

        assertThatThrownBy(() -> call(small("a"), mediumNeighbour("b")))
                .isInstanceOfSatisfying(ChatUnavailableException.class, e -> {
                    assertThat(e.getMessage()).startsWith("No deployment can answer within the 30 s this request may wait: ")
                            .contains("a (small): failing with server errors, ", "b (medium): rate limited, available again in ")
                            .doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}T").doesNotContain("cooling");
                    assertThat(e.trace().notices()).filteredOn(n -> n.kind() == Notice.Kind.WAITING).isNotEmpty()
                            .allSatisfy(n -> assertThat(n.message()).startsWith(
                                    "No deployment can answer right now (a: failing with server errors, b: rate limited); waiting "))
                            .noneSatisfy(n -> assertThat(n.message()).contains("busy"));
                });
    }

    @Test
    void theAttemptBudgetBoundsACallAcrossDeployments() {
        client.on("a", fail(Kind.OVERLOADED)).on("b", fail(Kind.SERVER_ERROR));

        assertThatThrownBy(() -> call(small("a"), small("b")))
                .isInstanceOfSatisfying(ChatUnavailableException.class, e -> {
                    assertThat(e.getMessage()).startsWith("Gave up after 12 attempts: a (small): failing with server errors");
                    assertThat(e.trace().calls()).isEqualTo(12);
                });
        assertThat(client.calls("a") + client.calls("b")).isEqualTo(12);
    }

    @Test
    void neighbouringTierFallbackGivesAVisibleNotice() throws Exception {
        client.on("a", fail(Kind.RATE_LIMITED, Duration.ofSeconds(30)))
                .on("b", fail(Kind.OVERLOADED, Duration.ofSeconds(10)))
                .on("c", answer("from the medium tier"));

        Answer answer = call(small("a"), small("b"), mediumNeighbour("c"));

        assertThat(answer.answeredBy().name()).isEqualTo("c");
        assertThat(answer.trace().crossedTier()).isTrue();
        Notice notice = new Notice(Notice.Kind.TIER_FALLBACK,
                "The small tier is unavailable (a: rate limited, b: overloaded); answering with the medium deployment c.");
        assertThat(events.get(0)).isEqualTo(notice);
        assertThat(events.get(1)).isInstanceOf(Output.class);
        assertThat(answer.trace().notices()).containsExactly(notice);
        assertThat(answer.trace().summary()).contains("small/a (a-model): rate limited", "medium/c (c-model): answered");
    }

    @Test
    void whenTheNeighbouringDeploymentFailsTooTheNextNoticeNamesTheOneThatAnswers() throws Exception {
        client.on("a", fail(Kind.RATE_LIMITED, Duration.ofSeconds(30)))
                .on("b", fail(Kind.RATE_LIMITED, Duration.ofSeconds(30)))
                .on("c", answer("from the large tier"));

        Answer answer = call(small("a"), mediumNeighbour("b"), Candidate.neighbour(deployment("c", Tier.LARGE, null)));

        assertThat(answer.answeredBy().name()).isEqualTo("c");
        assertThat(answer.trace().notices()).extracting(Notice::message).containsExactly(
                "The small tier is unavailable (a: rate limited); answering with the medium deployment b.",
                "b did not answer either (rate limited); answering with the large deployment c.");
        assertThat(events.get(2)).isInstanceOf(Output.class);
    }

    @Test
    void aRetryInPlaceOnTheNeighbouringDeploymentIsNoFurtherNotice() throws Exception {
        client.on("a", fail(Kind.RATE_LIMITED, Duration.ofSeconds(30)))
                .on("b", fail(Kind.OVERLOADED), answer("second time lucky"));

        Answer answer = call(small("a"), mediumNeighbour("b"));

        assertThat(answer.answeredBy().name()).isEqualTo("b");
        assertThat(client.calls("b")).isEqualTo(2);
        assertThat(answer.trace().notices()).extracting(Notice::message)
                .containsExactly("The small tier is unavailable (a: rate limited); answering with the medium deployment b.");
    }

    @Test
    void aStreamCutAfterTextRestartsOnTheNextCandidateAndKeepsOnlyItsText() throws Exception {
        client.on("a", cut("The NPE comes fr")).on("b", answer("The field is never set."));

        Answer answer = call(small("a"), small("b"));

        assertThat(answer.result().text()).isEqualTo("The field is never set.");
        assertThat(answer.continued()).isTrue();
        assertThat(answer.trace().continued()).isTrue();
        assertThat(client.calls("a")).isEqualTo(1);
        assertThat(events.subList(0, 3)).containsExactly(
                new Output("a", new StreamEvent.TextDelta("The NPE comes fr")),
                new Notice(Notice.Kind.RESTART, "The answer from a was cut off after 16 characters; continuing with b."),
                new Restart(16, "a", "b"));
        assertThat(text("b")).isEqualTo("The field is never set.");
        assertThat(events.subList(3, events.size())).allMatch(e -> e instanceof Output o && o.deployment().equals("b"));
        Attempt cutAttempt = answer.trace().attempts().get(0);
        assertThat(cutAttempt.outcome()).isEqualTo(Outcome.STREAM_CUT);
        assertThat(cutAttempt.deliveredChars()).isEqualTo(16);
        assertThat(cooldowns.coolingDown("a")).isTrue();
    }

    @Test
    void aStreamCutBeforeAnyTextIsRetriedInPlaceWithoutARestart() throws Exception {
        client.on("a", cut(""), answer("whole"));

        Answer answer = call(small("a"), small("b"));

        assertThat(answer.answeredBy().name()).isEqualTo("a");
        assertThat(answer.continued()).isFalse();
        assertThat(events).noneMatch(e -> e instanceof Restart || e instanceof Notice);
    }

    @Test
    void aCutWithNoOtherCandidateRestartsOnTheSameDeploymentOnceItRecovers() throws Exception {
        client.on("a", cut("partial"), answer("complete"));

        Answer answer = call(small("a"));

        assertThat(answer.result().text()).isEqualTo("complete");
        assertThat(events).contains(new Restart(7, "a", "a"));
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void contextOverflowMovesToACandidateWithALargerContext() throws Exception {
        Candidate a = Candidate.primary(deployment("a", Tier.SMALL, 8192));
        Candidate b = Candidate.primary(deployment("b", Tier.SMALL, 8192));
        Candidate c = Candidate.neighbour(deployment("c", Tier.MEDIUM, 32768));
        client.on("a", overflow(8192)).on("b", answer("b")).on("c", answer("fits"));

        Answer answer = call(a, b, c);

        assertThat(answer.answeredBy().name()).isEqualTo("c");
        assertThat(client.calls("b")).isZero();
        assertThat(outcomes(answer)).containsExactly(Outcome.CONTEXT_OVERFLOW, Outcome.SKIPPED_CONTEXT_TOO_SMALL,
                Outcome.ANSWERED);
        assertThat(answer.trace().notices()).extracting(Notice::kind)
                .containsExactly(Notice.Kind.LARGER_CONTEXT, Notice.Kind.TIER_FALLBACK);
        assertThat(answer.trace().notices().get(0).message())
                .isEqualTo("The request does not fit the context of a (8192 tokens); trying a deployment with a larger context.");
        assertThat(cooldowns.coolingDown("a")).isFalse();
    }

    @Test
    void contextOverflowEverywhereFailsWithoutWaiting() {
        client.on("a", fail(Kind.CONTEXT_OVERFLOW)).on("b", fail(Kind.CONTEXT_OVERFLOW));

        assertThatThrownBy(() -> call(small("a"), small("b")))
                .isInstanceOfSatisfying(ChatUnavailableException.class, e -> assertThat(e.candidates())
                        .extracting(CandidateState::state).containsExactly(State.CONTEXT_TOO_SMALL, State.CONTEXT_TOO_SMALL));
        assertThat(time.sleeps).isEmpty();
    }

    @Test
    void badRequestIsPassedOverWithItsReasonAndNoCooldown() throws Exception {
        client.on("a", fail(Kind.BAD_REQUEST)).on("b", answer("ok"));

        Answer answer = call(small("a"), small("b"));

        assertThat(answer.answeredBy().name()).isEqualTo("b");
        assertThat(answer.trace().attempts().get(0).note()).isEqualTo("bad_request from upstream");
        assertThat(client.calls("a")).isEqualTo(1);
        assertThat(cooldowns.coolingDown("a")).isFalse();
    }

    @Test
    void authFailureCoolsDownAndFallsBack() throws Exception {
        client.on("a", fail(Kind.AUTH)).on("b", answer("ok"));

        Answer answer = call(small("a"), small("b"));

        assertThat(answer.answeredBy().name()).isEqualTo("b");
        assertThat(client.calls("a")).isEqualTo(1);
        assertThat(cooldowns.current("a")).hasValueSatisfying(cd -> assertThat(cd.reason()).isEqualTo(CooldownReason.AUTH));
    }

    @Test
    void successClearsTheCooldown() throws Exception {
        cooldowns.recordFailure("a", CooldownReason.SERVER_ERROR, null);
        cooldowns.recordFailure("a", CooldownReason.SERVER_ERROR, null);
        time.advance(Duration.ofSeconds(3));
        client.on("a", answer("back"));

        call(small("a"));

        assertThat(cooldowns.coolingDown("a")).isFalse();
        assertThat(cooldowns.recordFailure("a", CooldownReason.SERVER_ERROR, null).consecutiveFailures()).isEqualTo(1);
    }

    @Test
    void theTraceMeasuresLatencyAndTimeToFirstToken() throws Exception {
        client.on("a", ScriptedClient.slowAnswer(time, Duration.ofMillis(300), Duration.ofMillis(700), "hi"));

        Attempt attempt = call(small("a")).trace().answered().orElseThrow();

        assertThat(attempt.timeToFirstToken()).isEqualTo(Duration.ofMillis(300));
        assertThat(attempt.latency()).isEqualTo(Duration.ofSeconds(1));
        assertThat(attempt.model()).isEqualTo("a-model");
        assertThat(attempt.tier()).isEqualTo(Tier.SMALL);
    }

    @Test
    void aClientBugIsPassedOverNotPropagated() throws Exception {
        client.on("a", events -> {
            throw new NullPointerException("odd response");
        }).on("b", answer("ok"));

        Answer answer = call(small("a"), small("b"));

        assertThat(answer.answeredBy().name()).isEqualTo("b");
        assertThat(outcomes(answer)).containsExactly(Outcome.CLIENT_FAILURE, Outcome.ANSWERED);
    }

    @Test
    void aClientFailureQuotingTheRequestsKeyIsToldWithoutIt() {
        String key = "sk-live-VERYSECRET-0123456789";
        Deployment keyed = new Deployment("a", Tier.SMALL, ProviderKind.OPENAI, URI.create("http://127.0.0.1:1/v1"), "a-model",
                key, null, null, null, Duration.ofSeconds(60));
        client.on("a", events -> {
            // What java.net.http says of a key ending in a CR.
            throw new IllegalArgumentException("invalid header value: \"Bearer " + key + "\r\"");
        });
        assertThatThrownBy(() -> chat().call(List.of(Candidate.primary(keyed)), REQUEST, events::add))
                .isInstanceOfSatisfying(ChatUnavailableException.class, e -> {
                    assertThat(e.getMessage()).doesNotContain("VERYSECRET");
                    assertThat(e.candidates()).singleElement().extracting(CandidateState::detail).asString()
                            .contains("invalid header value").doesNotContain("VERYSECRET");
                });
    }

    @Test
    void aSinkThatThrowsEndsTheCallWithoutTryingElsewhere() {
        client.on("a", answer("text")).on("b", answer("text"));
        IllegalStateException gone = new IllegalStateException("connection closed");
        Consumer<ContinuityEvent> sink = e -> {
            throw gone;
        };

        assertThatThrownBy(() -> chat().call(List.of(small("a"), small("b")), REQUEST, sink)).isSameAs(gone);
        assertThat(client.calls("b")).isZero();
        assertThat(cooldowns.coolingDown("a")).isFalse();
    }

    @Test
    void noCandidatesIsABug() {
        assertThatThrownBy(() -> chat().call(List.of(), REQUEST, events::add))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
