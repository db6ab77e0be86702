package dev.stratus.ai.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.ai.model.Tier;
import dev.stratus.ai.router.Escalation;
import org.junit.jupiter.api.Test;

/** Edits kept for every connection of their user to their workspace, and for no one else. */
class EditRecordsTest {
    private final EditRecords records = new EditRecords();

    @Test
    void anEditIsItsUsersInItsWorkspaceOnly() {
        records.proposed("alice", "ws1", "r1", new EditRecords.Proposed("Main.java", "old", "new"));
        records.answered("alice", "ws1", "r1", new EditRecords.Answered("Main.java", "small", Tier.SMALL, new Escalation()));

        assertThat(records.proposed("alice", "ws1", "r1")).contains(new EditRecords.Proposed("Main.java", "old", "new"));
        assertThat(records.answered("alice", "ws1", "r1")).isPresent();
        assertThat(records.proposed("bob", "ws1", "r1")).isEmpty();
        assertThat(records.answered("bob", "ws1", "r1")).isEmpty();
        assertThat(records.proposed("alice", "ws2", "r1")).isEmpty();
        assertThat(records.answered("alice", "ws2", "r1")).isEmpty();

        records.applied("r1");
        assertThat(records.proposed("alice", "ws1", "r1")).as("applied once").isEmpty();
        assertThat(records.answered("alice", "ws1", "r1")).as("still escalated from").isPresent();
    }

    @Test
    void theNewestAreKept() {
        for (int i = 0; i <= EditRecords.KEPT; i++) {
            records.proposed("alice", "ws1", "r" + i, new EditRecords.Proposed("Main.java", "old " + i, "new " + i));
        }
        assertThat(records.proposed("alice", "ws1", "r0")).isEmpty();
        assertThat(records.proposed("alice", "ws1", "r1")).isPresent();
        assertThat(records.proposed("alice", "ws1", "r" + EditRecords.KEPT)).isPresent();
    }
}
