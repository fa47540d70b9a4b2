package io.herald.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SseParserTest {

    private static final String STREAM = "retry: 2000\r\n\r\n"
            + ": keepalive\n\n"
            + "id: 7\nevent: notice\ndata: first line\ndata: second\n\n"
            + "id:8\r\ndata:no-space\r\n\r\n"
            + "data: inherits id 8\r\r"
            + "id: 9\ndata\n\n"
            + "event: reset\nid: 10\ndata: 1,2,0\n\n";

    private static List<String> parse(byte[] bytes, int[] cuts) {
        List<String> out = new ArrayList<>();
        SseParser p = new SseParser((id, type, data) -> out.add(id + "|" + type + "|" + data), null);
        int prev = 0;
        for (int c : cuts) {
            p.feed(bytes, prev, c - prev);
            prev = c;
        }
        p.feed(bytes, prev, bytes.length - prev);
        return out;
    }

    private static final List<String> EXPECTED = List.of(
            "7|notice|first line\nsecond",
            "8|message|no-space",
            "8|message|inherits id 8",
            "9|message|",
            "10|reset|1,2,0");

    @Test
    void wholeStream() {
        assertEquals(EXPECTED, parse(STREAM.getBytes(StandardCharsets.UTF_8), new int[0]));
    }

    @Test
    void everySingleSplitPoint() {
        byte[] b = STREAM.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i <= b.length; i++) {
            assertEquals(EXPECTED, parse(b, new int[] {i}), "split at " + i);
        }
    }

    @Test
    void byteByByteAndRandomChunks() {
        byte[] b = STREAM.getBytes(StandardCharsets.UTF_8);
        int[] all = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            all[i] = i;
        }
        assertEquals(EXPECTED, parse(b, all));
        Random r = new Random(42);
        for (int k = 0; k < 200; k++) {
            List<Integer> cuts = new ArrayList<>();
            int pos = 0;
            while (true) {
                pos += 1 + r.nextInt(9);
                if (pos >= b.length) {
                    break;
                }
                cuts.add(pos);
            }
            assertEquals(EXPECTED, parse(b, cuts.stream().mapToInt(Integer::intValue).toArray()));
        }
    }

    @Test
    void crLfSplitAcrossChunksIsOneLineEnd() {
        byte[] b = "data: a\r\n\r\ndata: b\r\n\r\n".getBytes(StandardCharsets.UTF_8);
        // cut right between every CR and LF
        assertEquals(List.of("null|message|a", "null|message|b"), parse(b, new int[] {8, 10, 19, 21}));
    }

    @Test
    void lastEventIdSeededForReconnect() {
        List<String> out = new ArrayList<>();
        SseParser p = new SseParser((id, type, data) -> out.add(id + "|" + data), "41");
        byte[] b = "data: x\n\n".getBytes(StandardCharsets.UTF_8);
        p.feed(b, 0, b.length);
        assertEquals(List.of("41|x"), out);
        assertEquals("41", p.lastEventId());
    }

    @Test
    void longLinesAndUtf8() {
        String big = "é".repeat(1000);
        byte[] b = ("data: " + big + "\n\n").getBytes(StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        SseParser p = new SseParser((id, type, data) -> out.add(data), null);
        for (int i = 0; i < b.length; i += 7) {
            p.feed(b, i, Math.min(7, b.length - i));
        }
        assertEquals(List.of(big), out);
    }
}
