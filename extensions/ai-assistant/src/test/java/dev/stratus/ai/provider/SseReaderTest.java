package dev.stratus.ai.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseReaderTest {

    private static List<SseReader.Event> read(String text) throws IOException {
        SseReader reader = new SseReader(new BufferedReader(new StringReader(text)));
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
}
