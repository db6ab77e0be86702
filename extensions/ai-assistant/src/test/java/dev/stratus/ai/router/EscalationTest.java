package dev.stratus.ai.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.ai.model.Tier;
import org.junit.jupiter.api.Test;

class EscalationTest {

    @Test
    void escalatesOneTierUpOncePerTier() {
        Escalation e = new Escalation();
        assertThat(e.floor()).isEmpty();
        assertThat(e.next(Tier.SMALL, Escalation.Reason.EDIT_DID_NOT_APPLY)).contains(Tier.MEDIUM);
        assertThat(e.next(Tier.SMALL, Escalation.Reason.DIAGNOSTICS_WORSE)).isEmpty();
        assertThat(e.next(Tier.MEDIUM, Escalation.Reason.CONTEXT_OVERFLOW)).contains(Tier.LARGE);
        assertThat(e.next(Tier.MEDIUM, Escalation.Reason.CONTEXT_OVERFLOW)).isEmpty();
        assertThat(e.floor()).contains(Tier.LARGE);
        assertThat(e.reasons()).containsExactly(
                "escalated small -> medium: edit did not apply",
                "no escalation from small (diagnostics got worse): already escalated from it once",
                "escalated medium -> large: context overflow",
                "no escalation from medium (context overflow): already escalated from it once");
    }

    @Test
    void largestTierDoesNotEscalate() {
        Escalation e = new Escalation();
        assertThat(e.next(Tier.LARGE, Escalation.Reason.DIAGNOSTICS_WORSE)).isEmpty();
        assertThat(e.floor()).isEmpty();
        assertThat(e.reasons()).containsExactly("no escalation from large (diagnostics got worse): it is the largest tier");
        assertThat(e.triedTiers()).containsExactly(Tier.LARGE);
    }

    @Test
    void floorNeverGoesDown() {
        Escalation e = new Escalation();
        e.next(Tier.MEDIUM, Escalation.Reason.CONTEXT_OVERFLOW);
        e.next(Tier.SMALL, Escalation.Reason.EDIT_DID_NOT_APPLY);
        assertThat(e.floor()).contains(Tier.LARGE);
    }
}
