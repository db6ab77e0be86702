package dev.stratus.ai.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parser gives the same events however the bytes are split into buffers (SseReaderTest covers the rules). */
class SseParserTest {
    private static final String MIXED = ": keep-alive\n\nid: 7\nretry: 100\nevent: d\u00e9j\u00e0\r\ndata: {\"t\":\"\u65e5\u672c \ud83d\ude80\"}\r\n"
            + "data: second\r\n\r\nevent: lonely\n\ndata: x\r\rdata:y\n\n" + "data: " + "a".repeat(700) + "\n\n"
            + "data: {\"trunc";

    private static List<SseReader.Event> parse(List<ByteBuffer> buffers) {
        SseParser parser = new SseParser();
        List<SseReader.Event> events = new ArrayList<>();
        buffers.forEach(b -> parser.feed(b, events::add));
        return events;
    }

    /** What MIXED holds: comments, ids, a lone event name and the cut-off event give nothing. */
    private static List<SseReader.Event> expected() {
        return List.of(new SseReader.Event("d\u00e9j\u00e0", "{\"t\":\"\u65e5\u672c \ud83d\ude80\"}\nsecond"),
                new SseReader.Event("message", "x"), new SseReader.Event("message", "y"),
                new SseReader.Event("message", "a".repeat(700)));
    }

    @Test
    void wholeBytesGiveEachCompleteEvent() {
        assertThat(parse(List.of(ByteBuffer.wrap(MIXED.getBytes(StandardCharsets.UTF_8))))).isEqualTo(expected());
    }

    @Test
    void anySplitIntoTwoBuffersGivesTheSameEvents() {
        byte[] bytes = MIXED.getBytes(StandardCharsets.UTF_8);
        List<SseReader.Event> expected = expected();
        for (int cut = 0; cut <= bytes.length; cut++) {
            ByteBuffer first = ByteBuffer.allocateDirect(cut).put(bytes, 0, cut).flip();
            ByteBuffer rest = ByteBuffer.wrap(bytes, cut, bytes.length - cut).slice();
            assertThat(parse(List.of(first, rest))).as("split at %d", cut).isEqualTo(expected);
        }
    }

    @Test
    void oneByteAtATimeGivesTheSameEvents() {
        byte[] bytes = MIXED.getBytes(StandardCharsets.UTF_8);
        List<ByteBuffer> single = new ArrayList<>();
        for (byte b : bytes) {
            single.add(ByteBuffer.wrap(new byte[] {b}));
        }
        assertThat(parse(single)).isEqualTo(expected());
    }
}
