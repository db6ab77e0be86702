package dev.stratus.ai.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.stratus.ai.chat.AiProtocol.Route;
import dev.stratus.ai.chat.AiProtocol.StoredMessage;
import dev.stratus.ai.chat.AiProtocol.Usage;
import dev.stratus.ai.chat.ConversationStore.Message;
import dev.stratus.ai.model.ChatMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Conversations on disk: a stopped or failed exchange is kept and marked as such, for the
 * history and for the model's next turn, and files written before that read as they did; a
 * deleted conversation stays deleted.
 */
class ConversationStoreTest {
    static final String ID = "3f0c6a52-7a55-4c8e-9d3e-0b1f2c3d4e5f";
    static final Route ROUTE = new Route("small", "local-small", "qwen", List.of("task"), List.of());

    @TempDir
    Path data;

    @Test
    void aStoppedExchangeIsKeptMarkedForTheHistoryAndCutOffForTheModel() {
        ConversationStore store = new ConversationStore(data);
        store.append("ws", ID, List.of(Message.user("Q1"), Message.answer("A1", ROUTE, new Usage(10, 2))));
        store.append("ws", ID, List.of(Message.user("Q2"), Message.unfinished("The first half", Message.STOPPED, null)));
        store.append("ws", ID, List.of(Message.user("Q3"), Message.unfinished("", Message.FAILED, "No deployment can answer")));

        List<StoredMessage> shown = store.get("ws", ID).orElseThrow().messages();
        assertThat(shown).extracting(StoredMessage::role).containsExactly("user", "assistant", "user", "assistant", "user", "assistant");
        assertThat(shown.get(1)).isEqualTo(new StoredMessage("assistant", "A1", ROUTE, new Usage(10, 2)));
        assertThat(shown.get(2).text()).isEqualTo("Q2");
        assertThat(shown.get(3).text()).isEqualTo("The first half\n\n*Stopped before the answer was finished.*");
        assertThat(shown.get(5).text()).isEqualTo("*Failed: No deployment can answer*");

        List<ChatMessage> sent = ConversationStore.forModel(store.messages("ws", ID));
        assertThat(sent).extracting(ChatMessage::role).containsExactly("user", "assistant", "user", "assistant", "user", "assistant");
        assertThat(sent.get(2).content()).isEqualTo("Q2");
        assertThat(sent.get(3).content()).startsWith("The first half\n\n[").contains("cut off", "the user stopped it");
        assertThat(sent.get(5).content()).contains("No answer", "the request failed").doesNotContain("No deployment");
        assertThat(ConversationStore.depth(store.messages("ws", ID))).as("only the answer that came whole").isEqualTo(1);
    }

    @Test
    void aConversationStoredBeforeUnfinishedAnswersWereKeptReadsAsItDidAndIsWrittenTheSameWay() throws Exception {
        Path file = Files.createDirectories(data.resolve("conversations/ws")).resolve(ID + ".json");
        Files.writeString(file, """
                {"id":"%s","title":"Q1","updated":"2026-01-01T00:00:00Z","messages":[
                 {"role":"user","text":"Q1","route":null,"usage":null},
                 {"role":"assistant","text":"A1","route":{"tier":"small","deployment":"local-small","model":"qwen",
                  "reasons":["task"],"fallbacks":[]},"usage":{"promptTokens":10,"completionTokens":2}}]}""".formatted(ID));
        ConversationStore store = new ConversationStore(data);

        assertThat(store.get("ws", ID).orElseThrow().messages()).containsExactly(
                new StoredMessage("user", "Q1", null, null), new StoredMessage("assistant", "A1", ROUTE, new Usage(10, 2)));
        assertThat(store.messages("ws", ID)).allSatisfy(m -> assertThat(m.ended()).isNull());

        // Complete exchanges carry no new field, so a server from before reads the file still.
        store.append("ws", ID, List.of(Message.user("Q2"), Message.answer("A2", ROUTE, new Usage(1, 1))));
        assertThat(Files.readString(file)).doesNotContain("ended").doesNotContain("error").doesNotContain("notices");
    }

    @Test
    void anAnswerKeepsItsToolStepsWhereTheyHappenedForTheHistoryAndTheModel() {
        ConversationStore store = new ConversationStore(data);
        String proposal = "{\"path\": \"a.txt\", \"content\": \"" + "x".repeat(5_000) + "\"}";
        List<StoredStep> steps = List.of(
                StoredStep.of(new AiProtocol.ToolStep("r1", "call_0", "read_file", "{\"path\": \"a.txt\"}", false, "done", "alpha", 1, 0), 17, true),
                StoredStep.of(new AiProtocol.ToolStep("r1", "call_0", "propose_edit", proposal, false, "done", "Proposed a change", 2, 0), 33, true),
                StoredStep.of(new AiProtocol.ToolStep("r1", "call_0", "search", "{\"query\": \"" + "q".repeat(3_000) + "\"}", false, "done",
                        "r".repeat(3_000), 2, 1), 33, true));
        store.append("ws", ID, List.of(Message.user("Q1"),
                Message.answer("Working on MULTI.Step 1: looking.Done.", ROUTE, new Usage(10, 2), "r1", steps, null)));
        store.append("ws", ID, List.of(Message.user("Q2"), Message.unfinished("Half", Message.INTERRUPTED, null, "r2",
                List.of(StoredStep.of(new AiProtocol.ToolStep("r2", "call_0", "run_command", "{}", true, "pending", null, 1, 0), 4, true).ended()), null)));

        List<StoredMessage> shown = new ConversationStore(data).get("ws", ID).orElseThrow().messages();
        assertThat(shown.get(1).text()).isEqualTo("Working on MULTI.Step 1: looking.Done.");
        assertThat(shown.get(1).requestId()).isEqualTo("r1");
        assertThat(shown.get(1).steps()).extracting(StoredStep::name, StoredStep::step, StoredStep::index, StoredStep::at)
                .containsExactly(tuple("read_file", 1, 0, 17), tuple("propose_edit", 2, 0, 33), tuple("search", 2, 1, 33));
        // A proposal is kept whole, to be reviewed again; other arguments and results are cut.
        assertThat(shown.get(1).steps().get(1).arguments()).isEqualTo(proposal);
        assertThat(shown.get(1).steps().get(1).argumentsCut()).isNull();
        assertThat(shown.get(1).steps().get(2).arguments()).hasSize(StoredStep.ARGUMENT_CHARS);
        assertThat(shown.get(1).steps().get(2).argumentsCut()).isTrue();
        assertThat(shown.get(1).steps().get(2).result()).hasSizeLessThanOrEqualTo(StoredStep.RESULT_CHARS + 1);
        assertThat(shown.get(3).text()).isEqualTo("Half\n\n*Interrupted before the answer was finished: the page was closed or"
                + " reloaded or lost its connection, or the assistant restarted (the server stopped, or its configuration was changed).*");
        assertThat(shown.get(3).steps()).extracting(StoredStep::state).containsExactly(StoredStep.STOPPED);

        List<ChatMessage> sent = ConversationStore.forModel(store.messages("ws", ID));
        assertThat(sent.get(1).content()).startsWith("Working on MULTI.\n\n[Tool call read_file {\"path\": \"a.txt\"}: done. Result: alpha]")
                .contains("Step 1: looking.\n\n[Tool call propose_edit").endsWith("]\n\nDone.");
        assertThat(sent.get(1).content().length()).isLessThan(2_000);
        assertThat(sent.get(3).content()).startsWith("Half\n\n[Tool call run_command {}: stopped]").contains("cut off", "closed or reloaded");
    }

    @Test
    void anAnswerItsLengthLimitCutIsMarkedForTheModelAndShownAsItWas() {
        ConversationStore store = new ConversationStore(data);
        List<StoredNotice> fallback = List.of(new StoredNotice("fallback", "Routed to the medium tier", 0, 1));
        store.append("ws", ID, List.of(Message.user("Q1"), Message.answer("Half a sent", ROUTE, new Usage(10, 2), "r1", null,
                List.of(fallback.getFirst(), new StoredNotice("length", "The answer reached its length limit", 11, 1)))));
        store.append("ws", ID, List.of(Message.user("Q2"), Message.answer("Whole.", ROUTE, new Usage(10, 2), "r2", null, fallback)));

        List<ChatMessage> sent = ConversationStore.forModel(store.messages("ws", ID));
        assertThat(sent.get(1).content()).isEqualTo("Half a sent\n\n[This answer was cut off by its length limit.]");
        assertThat(sent.get(3).content()).isEqualTo("Whole.");
        List<StoredMessage> shown = store.get("ws", ID).orElseThrow().messages();
        assertThat(shown.get(1).text()).isEqualTo("Half a sent");
        assertThat(shown.get(1).notices()).extracting(StoredNotice::kind).containsExactly("fallback", "length");
    }

    @Test
    void aDeletedConversationIsGoneAndAnAnswerStillBeingWrittenCannotBringItBack() {
        ConversationStore store = new ConversationStore(data);
        String other = "0b1f2c3d-4e5f-4c8e-9d3e-3f0c6a527a55";
        store.append("ws", ID, List.of(Message.user("Q1"), Message.answer("A1", ROUTE, new Usage(10, 2))));
        store.append("ws", other, List.of(Message.user("Other"), Message.answer("A", ROUTE, new Usage(1, 1))));

        assertThat(store.delete("other-ws", ID)).as("another workspace's").isFalse();
        assertThat(store.delete("ws", "../ws/" + ID)).isFalse();
        assertThat(store.delete("ws", null)).isFalse();
        assertThat(store.delete("ws", ID)).isTrue();

        assertThat(store.get("ws", ID)).isEmpty();
        assertThat(store.list("ws")).extracting(AiProtocol.ConversationSummary::id).containsExactly(other);
        assertThat(store.delete("ws", ID)).as("deleted already").isFalse();
        assertThatThrownBy(() -> store.append("ws", ID, List.of(Message.user("Q2"), Message.unfinished("half", Message.STOPPED, null))))
                .isInstanceOf(ConversationStore.ConversationDeletedException.class);
        assertThat(store.get("ws", ID)).isEmpty();
        assertThat(store.isDeleted("ws", ID)).isTrue();
        assertThat(store.isDeleted("ws", other)).isFalse();
    }
}
