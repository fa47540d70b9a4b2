package io.herald.web.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.api.Event;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SseFrameTest {

    private static Event event(long id, String type, String data) {
        return new Event(id, "news", type, data, Instant.parse("2026-01-01T00:00:00Z"));
    }

    /** What goes on the wire: the frame plus the blank line the sink adds. */
    private static String wire(SseFrame frame) {
        return frame + SseFrame.MESSAGE_END;
    }

    @Test
    void eventWithTypeHasIdEventAndData() {
        assertThat(wire(SseFrame.of(event(5, "notice", "{\"a\":1}"))))
                .isEqualTo("id: 5\nevent: notice\ndata: {\"a\":1}\n\n");
    }

    @Test
    void eventWithoutTypeHasNoEventLine() {
        assertThat(wire(SseFrame.of(event(7, null, "hello")))).isEqualTo("id: 7\ndata: hello\n\n");
    }

    @Test
    void crLfAndCrLfAllSplitIntoDataLines() {
        assertThat(wire(SseFrame.of(event(1, null, "a\rb\nc\r\nd"))))
                .isEqualTo("id: 1\ndata: a\ndata: b\ndata: c\ndata: d\n\n");
    }

    @Test
    void payloadCannotInjectFields() {
        String frame = wire(SseFrame.of(event(2, null, "x\r\nid: 99\revent: evil\n\ndata: y")));
        assertThat(frame).isEqualTo("id: 2\ndata: x\ndata: id: 99\ndata: event: evil\ndata: \ndata: data: y\n\n");
        // every line but the id is a data line, and the only empty line is the terminator
        assertThat(frame.split("\n", -1)).filteredOn(line -> !line.startsWith("data: "))
                .containsExactly("id: 2", "", "");
    }

    @Test
    void trailingAndEmptyLinesSurvive() {
        assertThat(wire(SseFrame.of(event(3, null, "a\n")))).isEqualTo("id: 3\ndata: a\ndata: \n\n");
        assertThat(wire(SseFrame.of(event(4, null, "")))).isEqualTo("id: 4\ndata: \n\n");
    }

    @Test
    void gettersDescribeTheSameMessage() {
        SseFrame frame = SseFrame.of(event(9, "t", "a\r\nb"));
        assertThat(frame.getId()).isEqualTo("9");
        assertThat(frame.getName()).isEqualTo("t");
        assertThat(frame.getData()).isEqualTo("a\nb");
        assertThat(frame.eventId()).isEqualTo(9);
    }

    @Test
    void utf8Payload() {
        assertThat(SseFrame.of(event(1, null, "héllo €")).toString())
                .isEqualTo("id: 1\ndata: héllo €\n");
    }

    @Test
    void controlFrames() {
        assertThat(wire(SseFrame.retry(Duration.ofSeconds(3)))).isEqualTo("retry: 3000\n\n");
        assertThat(wire(SseFrame.comment("keepalive"))).isEqualTo(": keepalive\n\n");
        assertThat(wire(SseFrame.reset(4))).isEqualTo("event: reset\ndata: {\"lastEventId\":4}\n\n");
        assertThat(SseFrame.reset(4).getId()).isNull();
        assertThatThrownBy(() -> SseFrame.comment("a\nb")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void framesAreBuiltOncePerEvent() {
        EventFrames frames = new EventFrames();
        Event e = event(12, null, "x");
        assertThat(frames.frameOf(e)).isSameAs(frames.frameOf(e));
        Event collides = event(12 + io.herald.web.cache.PerEventCache.SLOTS, null, "y");
        assertThat(frames.frameOf(collides).toString()).contains("data: y");
    }

    @Test
    void eachFrameIsAlsoOneHttpChunkAndSeveralJoinIntoOne() {
        SseFrame one = SseFrame.of(event(1, null, "a"));
        SseFrame two = SseFrame.of(event(2, null, "héllo"));
        assertThat(new String(one.chunkBytes(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("f\r\nid: 1\ndata: a\n\n\r\n");
        // the size line counts bytes, not characters
        assertThat(new String(SseFrame.chunkOf(java.util.List.of(one, two)), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("23\r\nid: 1\ndata: a\n\nid: 2\ndata: héllo\n\n\r\n");
    }

    @Test
    void dataForOtherWritersHasTheLineBreaksTheFrameHas() {
        assertThat(SseFrame.of(event(1, null, "a\r\nb\rc")).getData()).isEqualTo("a\nb\nc");
        assertThat(SseFrame.comment("x").getData()).isNull();
    }
}
