package dev.stratus.ai.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseReaderTest {

    private static List<SseReader.Event> read(String text) throws IOException {
        return read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<SseReader.Event> read(InputStream in) throws IOException {
        SseReader reader = new SseReader(in);
        List<SseReader.Event> events = new ArrayList<>();
        for (SseReader.Event e = reader.next(); e != null; e = reader.next()) {
            events.add(e);
        }
        return events;
    }

    @Test
    void dataLinesOfOneEventAreJoinedWithNewlines() throws IOException {
        assertThat(read("data: first\ndata: second\n\ndata:third\n\n")).containsExactly(
                new SseReader.Event("message", "first\nsecond"), new SseReader.Event("message", "third"));
    }

    @Test
    void commentsAndUnknownFieldsAreSkipped() throws IOException {
        assertThat(read(": keep-alive\n\nid: 7\nretry: 100\n: inside\ndata: x\n\n")).containsExactly(
                new SseReader.Event("message", "x"));
    }

    @Test
    void eventNamesAndAnyLineEndingAreRead() throws IOException {
        assertThat(read("event: ping\r\ndata: {}\r\n\r\nevent: message_stop\rdata: {\"a\":1}\r\r")).containsExactly(
                new SseReader.Event("ping", "{}"), new SseReader.Event("message_stop", "{\"a\":1}"));
    }

    @Test
    void eventCutOffByTheEndOfTheStreamIsDiscarded() throws IOException {
        assertThat(read("data: whole\n\ndata: {\"trunc")).containsExactly(new SseReader.Event("message", "whole"));
    }

    @Test
    void eventNameWithoutDataIsNotAnEvent() throws IOException {
        assertThat(read("event: lonely\n\ndata: x\n\n")).containsExactly(new SseReader.Event("message", "x"));
    }

    /** Hands out one byte per read, as a network may split an answer anywhere. */
    private static InputStream byteByByte(byte[] bytes) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] into, int offset, int length) {
                return super.read(into, offset, Math.min(length, 1));
            }
        };
    }

    @Test
    void lineEndingsAndCharactersSplitAcrossReadsAreWhole() throws IOException {
        String text = "event: d\u00e9j\u00e0\r\ndata: {\"t\":\"\u65e5\u672c \ud83d\ude80\"}\r\n\r\ndata: x\r\rdata: y\n\n";
        assertThat(read(byteByByte(text.getBytes(StandardCharsets.UTF_8)))).containsExactly(
                new SseReader.Event("d\u00e9j\u00e0", "{\"t\":\"\u65e5\u672c \ud83d\ude80\"}"),
                new SseReader.Event("message", "x"), new SseReader.Event("message", "y"));
    }

    @Test
    void linesLongerThanTheReadBufferAreWhole() throws IOException {
        String long1 = "a".repeat(700);
        String long2 = "\u00e9".repeat(3000);
        assertThat(read("data: " + long1 + "\ndata: " + long2 + "\n\n")).containsExactly(
                new SseReader.Event("message", long1 + "\n" + long2));
    }

    @Test
    void malformedBytesAreReplacedNotFatal() throws IOException {
        byte[] bytes = {'d', 'a', 't', 'a', ':', ' ', 'o', 'k', (byte) 0xC3, '\n', '\n'};
        assertThat(read(new ByteArrayInputStream(bytes))).containsExactly(new SseReader.Event("message", "ok\ufffd"));
    }
}
