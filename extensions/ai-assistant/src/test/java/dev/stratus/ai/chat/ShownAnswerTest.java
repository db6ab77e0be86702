package dev.stratus.ai.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.stratus.ai.chat.ConversationStore.Message;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What of an answer is kept, as the user was shown it: the text a restart took back is gone
 * once the retry writes, and is the partial answer when the answer ends before it does.
 */
class ShownAnswerTest {
    private static final String CUT = "The first half of an answer";
    private static final String RESTART = "The answer from cut was cut off after 27 characters; continuing with other.";

    private final Browser browser = new Browser();
    private final List<AiProtocol.Notice> live = browser.notices;
    private final ShownAnswer shown = new ShownAnswer("r1", browser, null, null, text -> text);

    @Test
    void aRestartWhoseRetryFailsBeforeWritingKeepsTheCutTextBeforeItsNotice() {
        shown.notice("context", "Left out of the context: big.log", null);
        shown.text("The first half ");
        shown.text("of an answer");
        shown.notice("restart", RESTART, CUT.length());
        shown.notice("waiting", "waiting 1.1 s for cut", null);

        Message kept = shown.unfinished(Message.FAILED, "No deployment can answer");

        assertThat(live).extracting(AiProtocol.Notice::discardedChars).containsExactly(null, CUT.length(), null);
        assertThat(kept.text()).isEqualTo(CUT);
        assertThat(kept.notices()).extracting(StoredNotice::kind, StoredNotice::at)
                .containsExactly(tuple("context", 0), tuple("restart", CUT.length()), tuple("waiting", CUT.length()));
        assertThat(kept.shown().text()).isEqualTo(CUT + "\n\n*Failed before the answer was finished: No deployment can answer*");
    }

    @Test
    void aRetryThatWroteReplacesTheCutTextWhateverEndsIt() {
        shown.text(CUT);
        shown.notice("restart", RESTART, CUT.length());
        shown.text("A whole");

        assertThat(shown.unfinished(Message.STOPPED, null).text()).isEqualTo("A whole");
        assertThat(shown.complete(null, null, null).text()).isEqualTo("A whole");
    }

    /** What the browser is sent: the notices and the thinking, in order. */
    private static final class Browser implements AiClient {
        final List<AiProtocol.Notice> notices = new ArrayList<>();
        final List<String> thinking = new ArrayList<>();

        @Override
        public void delta(AiProtocol.Delta delta) {
        }

        @Override
        public void notice(AiProtocol.Notice notice) {
            notices.add(notice);
        }

        @Override
        public void thinking(AiProtocol.Thinking t) {
            thinking.add(t.text());
        }

        @Override
        public void toolCall(AiProtocol.ToolStep step) {
        }

        @Override
        public void done(AiProtocol.Done done) {
        }
    }

    @Test
    void aChatKeepsEachBlockOfThinkingAParagraphApartWithTheTakenBackTextAtItsStartAndBounded() {
        Browser chatBrowser = new Browser();
        List<String> sent = chatBrowser.thinking;
        ShownAnswer chat = new ShownAnswer("r2", chatBrowser, null, null, text -> text, true);
        chat.thinking("First ");
        chat.thinking("thought.");
        chat.notice("thinking", "The model thought before answering (14 characters, not part of the answer).", null);
        chat.text("Okay, then");
        chat.thinking(" the second.\n");
        chat.notice("thinking", "The model thought before answering (23 characters, not part of the answer).", "Okay, then".length());
        chat.text("The answer.");
        // A restart's new attempt thinks again: a block of its own.
        chat.notice("restart", RESTART, "The answer.".length());
        chat.thinking("Third.");

        assertThat(sent).containsExactly("First ", "thought.", " the second.\n", "Third.");
        Message kept = chat.complete(null, null, null);
        assertThat(kept.text()).isEmpty();
        assertThat(kept.thinking()).isEqualTo("First thought.\n\nOkay, then the second.\n\n\nThird.");
        assertThat(kept.forModel().content()).doesNotContain("thought", "Okay", "Third");

        ShownAnswer longer = new ShownAnswer("r3", new Browser(), null, null, text -> text, true);
        longer.thinking("x".repeat(Message.THINKING_CHARS + 10));
        longer.text("Done.");
        // Cut, and saying so: History must not pass the start off as all the model thought.
        assertThat(longer.complete(null, null, null).thinking())
                .isEqualTo("x".repeat(Message.THINKING_CHARS) + "\n\n[10 more characters of thinking were not kept.]");

        ShownAnswer astral = new ShownAnswer("r4", new Browser(), null, null, text -> text, true);
        astral.thinking("x".repeat(Message.THINKING_CHARS - 1) + "\uD83D\uDE00 and on");
        assertThat(astral.complete(null, null, null).thinking())
                .isEqualTo("x".repeat(Message.THINKING_CHARS - 1) + "\n\n[9 more characters of thinking were not kept.]");
    }

    @Test
    void anEditShowsAndKeepsNoThinking() {
        Browser editBrowser = new Browser();
        List<String> sent = editBrowser.thinking;
        ShownAnswer edit = new ShownAnswer("r4", editBrowser, null, null, text -> text);
        edit.thinking("Rename it.");
        edit.notice("thinking", "The model thought before answering (10 characters, not part of the answer).", null);
        edit.text("```java\nclass A {}\n```");

        assertThat(sent).isEmpty();
        assertThat(edit.complete(null, null, null).thinking()).isNull();
    }
}
