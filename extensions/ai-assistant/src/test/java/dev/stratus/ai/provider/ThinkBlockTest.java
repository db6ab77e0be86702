package dev.stratus.ai.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.ai.governance.TokenEstimator;
import dev.stratus.ai.model.ChatMessage;
import dev.stratus.ai.model.ChatRequest;
import dev.stratus.ai.model.ChatResult;
import dev.stratus.ai.model.StreamEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A reasoning model's think block in the answer's text, as servers without a reasoning parser
 * stream it, cut into chunks at every place a server could cut it: the answer is only what
 * follows the block, nothing of the block is shown as answer text on the way (or, when only its
 * end is in the text, the text shown is taken back), and text that merely mentions the tags is
 * left alone.
 */
class ThinkBlockTest {

    /** What one answer, streamed in {@code chunks}, came to. */
    private record Streamed(ChatResult result, List<StreamEvent> events) {
        String shown() {
            StringBuilder s = new StringBuilder();
            for (StreamEvent e : events) {
                if (e instanceof StreamEvent.TextDelta t) {
                    s.append(t.text());
                } else if (e instanceof StreamEvent.Thought t) {
                    s.setLength(s.length() - t.takenBack());
                }
            }
            return s.toString();
        }

        String thinking() {
            StringBuilder s = new StringBuilder();
            events.stream().filter(StreamEvent.ThinkingDelta.class::isInstance).forEach(e -> s.append(((StreamEvent.ThinkingDelta) e).text()));
            return s.toString();
        }

        List<StreamEvent.Thought> thoughts() {
            return events.stream().filter(StreamEvent.Thought.class::isInstance).map(StreamEvent.Thought.class::cast).toList();
        }
    }

    private static Streamed stream(String finish, String... chunks) {
        List<StreamEvent> events = new ArrayList<>();
        AnswerAssembler answer = new AnswerAssembler(events::add);
        for (String c : chunks) {
            answer.text(c);
        }
        answer.finish(finish);
        return new Streamed(answer.complete(), events);
    }

    /** Every way to cut {@code text} in three chunks (two cuts, empty chunks included). */
    private static List<String[]> splits(String text) {
        List<String[]> out = new ArrayList<>();
        for (int i = 0; i <= text.length(); i++) {
            for (int j = i; j <= text.length(); j++) {
                out.add(new String[] {text.substring(0, i), text.substring(i, j), text.substring(j)});
            }
        }
        return out;
    }

    @Test
    void aLeadingThinkBlockIsNeitherShownNorTheAnswerWhereverTheChunksAreCut() {
        String text = "\n<think>\nThe user greets me. Code: ```x```\n</think>\n\nHello! <b>hi</b>";
        for (String[] chunks : splits(text)) {
            Streamed s = stream("stop", chunks);

            String at = String.join("|", chunks);
            assertThat(s.result().text()).as(at).isEqualTo("Hello! <b>hi</b>");
            assertThat(s.shown()).as(at).isEqualTo("Hello! <b>hi</b>");
            assertThat(s.events()).as(at).noneMatch(e -> e instanceof StreamEvent.TextDelta t && t.text().contains("<t"));
            assertThat(s.thinking()).as(at).isEqualTo("\nThe user greets me. Code: ```x```\n");
            assertThat(s.thoughts()).as(at).containsExactly(new StreamEvent.Thought(s.thinking().length(), 0, true));
            assertThat(s.result().thinkingChars()).as(at).isEqualTo(s.thinking().length());
        }
    }

    @Test
    void aClosingTagAloneEndsTheThinkingTheTemplateOpenedAndTheShownTextIsTakenBack() {
        String text = "Okay, the user says hi.\n</think>\n\nHello!";
        for (String[] chunks : splits(text)) {
            Streamed s = stream("stop", chunks);

            String at = String.join("|", chunks);
            assertThat(s.result().text()).as(at).isEqualTo("Hello!");
            assertThat(s.shown()).as(at).isEqualTo("Hello!");
            assertThat(s.events()).as(at).noneMatch(e -> e instanceof StreamEvent.TextDelta t && t.text().contains("</"));
            assertThat(s.thoughts()).as(at).hasSize(1);
            StreamEvent.Thought thought = s.thoughts().get(0);
            assertThat(thought.chars()).as(at).isEqualTo("Okay, the user says hi.\n".length());
            int shownBefore = 0;
            for (StreamEvent e : s.events()) {
                if (e == thought) {
                    break;
                }
                if (e instanceof StreamEvent.TextDelta t) {
                    shownBefore += t.text().length();
                }
            }
            assertThat(thought.takenBack()).as(at).isEqualTo(shownBefore);
            // The text taken back is the block's start, the thinking passed on before its end the rest.
            StringBuilder before = new StringBuilder();
            for (StreamEvent e : s.events()) {
                if (e == thought) {
                    break;
                }
                if (e instanceof StreamEvent.TextDelta t) {
                    before.append(t.text());
                }
            }
            assertThat(before.substring(before.length() - thought.takenBack()) + s.thinking()).as(at)
                    .isEqualTo("Okay, the user says hi.\n");
            assertThat(s.events().indexOf(thought)).as(at)
                    .isGreaterThan(s.events().stream().filter(StreamEvent.ThinkingDelta.class::isInstance).mapToInt(s.events()::indexOf).max().orElse(-1));
        }
    }

    @Test
    void anAnswerStartsStreamingAtOnce() {
        List<StreamEvent> events = new ArrayList<>();
        AnswerAssembler answer = new AnswerAssembler(events::add);

        answer.text("Hello");
        answer.text(" <b>world</b>");

        assertThat(events).containsExactly(new StreamEvent.TextDelta("Hello"), new StreamEvent.TextDelta(" <b>world</b>"));
    }

    @Test
    void aThinkBlockThatNeverClosesIsNoAnswerAndSaysSo() {
        for (String[] chunks : splits("<think>Let me weigh the options: first")) {
            Streamed s = stream("length", chunks);

            assertThat(s.result().text()).isEmpty();
            assertThat(s.events()).noneMatch(StreamEvent.TextDelta.class::isInstance);
            assertThat(s.thoughts()).containsExactly(new StreamEvent.Thought("Let me weigh the options: first".length(), 0, false));
            assertThat(s.result().finishReason()).isEqualTo("length");
        }
    }

    @Test
    void textThatMentionsTheTagsIsLeftAlone() {
        for (String text : List.of(
                "Qwen writes <think> first, then its answer.",
                "Qwen writes its reasoning, closes it with </think> and answers.",
                "Close it with `</think>`\nand go on.",
                "Write \"</think>\"\nthere.",
                "Use <thinking> tags.",
                "<thinker>A class</thinker>",
                "<",
                "  ")) {
            for (String[] chunks : splits(text)) {
                Streamed s = stream("stop", chunks);

                assertThat(s.result().text()).as(String.join("|", chunks)).isEqualTo(text);
                assertThat(s.shown()).as(String.join("|", chunks)).isEqualTo(text);
                assertThat(s.thoughts()).isEmpty();
            }
        }
    }

    @Test
    void aThinkBlockAfterATextOrAToolCallIsText() {
        List<StreamEvent> events = new ArrayList<>();
        AnswerAssembler answer = new AnswerAssembler(events::add);
        answer.toolCall(0, "c1", "read_file", "{}");
        answer.text("<think>x</think>\nDone.");
        answer.finish("stop");

        assertThat(answer.complete().text()).isEqualTo("<think>x</think>\nDone.");
        assertThat(stream("stop", "Sure.\n", "<think>x</think>\nDone.").result().text()).isEqualTo("Sure.\n<think>x</think>\nDone.");
    }

    @Test
    void theThinkingIsChargedWhenTheServerReportsNoUsage() {
        ChatRequest request = new ChatRequest(List.of(ChatMessage.user("hi")), List.of(), null, null);
        ChatResult plain = stream("stop", "Hello!").result();
        ChatResult thought = stream("stop", "<think>" + "x".repeat(300) + "</think>\nHello!").result();

        assertThat(thought.text()).isEqualTo(plain.text());
        assertThat(TokenEstimator.charged(thought, request).completionTokens())
                .isEqualTo(TokenEstimator.charged(plain, request).completionTokens() + 100);
    }
}
