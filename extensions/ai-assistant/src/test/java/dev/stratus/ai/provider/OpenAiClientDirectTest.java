package dev.stratus.ai.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.ai.model.ChatResult;
import dev.stratus.ai.model.DirectSink;
import dev.stratus.ai.model.StreamEvent;
import dev.stratus.ai.model.Usage;
import dev.stratus.ai.testing.Answer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Every test of {@link OpenAiClientTest} again with a listener that takes events on the HTTP
 * client's thread ({@link DirectSink}), and what is particular to that: where events are taken,
 * and handing back to the caller's thread mid-answer without losing or reordering anything.
 */
class OpenAiClientDirectTest extends OpenAiClientTest {
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    @Override
    Consumer<StreamEvent> sink() {
        return sink(() -> true);
    }

    private Consumer<StreamEvent> sink(BooleanSupplier takesDirectly) {
        return new Direct(takesDirectly);
    }

    private class Direct implements Consumer<StreamEvent>, DirectSink {
        private final BooleanSupplier takesDirectly;

        Direct(BooleanSupplier takesDirectly) {
            this.takesDirectly = takesDirectly;
        }

        @Override
        public void accept(StreamEvent event) {
            threads.add(Thread.currentThread());
            events.add(event);
        }

        @Override
        public boolean takesDirectly() {
            return takesDirectly.getAsBoolean();
        }
    }

    private static String[] words(int n) {
        String[] words = new String[n];
        for (int i = 0; i < n; i++) {
            words[i] = "w" + i + " ";
        }
        return words;
    }

    private static List<StreamEvent> texts(String[] words) {
        List<StreamEvent> expected = new ArrayList<>();
        for (String w : words) {
            expected.add(new StreamEvent.TextDelta(w));
        }
        return expected;
    }

    @Test
    void chunksArePassedOnByTheThreadThatReadsThemNotTheCaller() {
        String[] words = words(8);
        upstream.openAi().thenStream(Answer.text(words).usage(5, 8).chunkDelay(Duration.ofMillis(20)));

        ChatResult result = client.stream(deployment, HELLO, sink());

        assertThat(result.text()).isEqualTo(String.join("", words));
        List<StreamEvent> expected = new ArrayList<>(texts(words));
        expected.add(new StreamEvent.UsageReport(new Usage(5, 8)));
        expected.add(new StreamEvent.Finished("stop"));
        assertThat(events).isEqualTo(expected);
        // Each chunk came 20 ms after the last, long after the caller began to wait: the text
        // after the first chunk was taken on the HTTP client's thread; the end on the caller's.
        Thread caller = Thread.currentThread();
        assertThat(threads.subList(1, words.length)).allSatisfy(t -> assertThat(t).isNotSameAs(caller));
        assertThat(threads.get(threads.size() - 1)).isSameAs(caller);
    }

    @Test
    void aListenerThatStopsTakingDirectlyGetsTheRestOnTheCallersThreadInOrder() {
        String[] words = words(12);
        upstream.openAi().thenStream(Answer.text(words).chunkDelay(Duration.ofMillis(10)));
        AtomicInteger taken = new AtomicInteger();

        ChatResult result = client.stream(deployment, HELLO, new Direct(() -> taken.get() < 4) {
            @Override
            public void accept(StreamEvent event) {
                taken.incrementAndGet();
                super.accept(event);
            }
        });

        assertThat(result.text()).isEqualTo(String.join("", words));
        assertThat(events.subList(0, words.length)).isEqualTo(texts(words));
        Thread caller = Thread.currentThread();
        assertThat(threads.subList(1, 4)).allSatisfy(t -> assertThat(t).isNotSameAs(caller));
        assertThat(threads.subList(4, threads.size())).allSatisfy(t -> assertThat(t).isSameAs(caller));
    }

    @Test
    void handingOverBackAndForthLosesAndReordersNothing() {
        String[] words = words(200);
        upstream.openAi().thenStream(Answer.text(words).chunkDelay(Duration.ofMillis(1)));
        AtomicInteger asked = new AtomicInteger();

        ChatResult result = client.stream(deployment, HELLO, sink(() -> asked.incrementAndGet() % 3 != 0));

        assertThat(result.text()).isEqualTo(String.join("", words));
        assertThat(events.subList(0, words.length)).isEqualTo(texts(words));
        Thread caller = Thread.currentThread();
        assertThat(threads).anySatisfy(t -> assertThat(t).isSameAs(caller));
        assertThat(threads).anySatisfy(t -> assertThat(t).isNotSameAs(caller));
    }
}
