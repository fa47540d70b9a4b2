package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The event-stream syntax, including forms Herald does not write but a proxy or another server may. */
class SseReaderTest {

    static List<SseReader.Block> read(String text) throws IOException {
        SseReader reader = new SseReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        List<SseReader.Block> blocks = new ArrayList<>();
        for (SseReader.Block b; (b = reader.next()) != null; ) {
            blocks.add(b);
        }
        return blocks;
    }

    @Test
    void heraldsFramesRetryEventResetAndKeepaliveAreRead() throws IOException {
        assertThat(read("retry: 3000\n\nid: 5\nevent: notice\ndata: {\"alert\":5}\n\n: keepalive\n\n"
                + "event: reset\ndata: {\"lastEventId\":4}\n\n")).containsExactly(
                new SseReader.Block(null, null, null, 3000),
                new SseReader.Block("5", "notice", "{\"alert\":5}", -1),
                new SseReader.Block(null, null, null, -1),
                new SseReader.Block(null, "reset", "{\"lastEventId\":4}", -1));
    }

    @Test
    void exactlyOneLeadingSpaceIsSyntax() throws IOException {
        assertThat(read("id: 1\ndata:  two spaces\ndata:none\ndata:\n\n"))
                .containsExactly(new SseReader.Block("1", null, " two spaces\nnone\n", -1));
    }

    @Test
    void linesEndWithLfCrOrCrlf() throws IOException {
        assertThat(read("id: 1\r\ndata: a\r\ndata: b\r\n\r\nid: 2\rdata: c\r\rid: 3\ndata: d\n\n")).containsExactly(
                new SseReader.Block("1", null, "a\nb", -1),
                new SseReader.Block("2", null, "c", -1),
                new SseReader.Block("3", null, "d", -1));
    }

    @Test
    void colonsInValuesFieldsWithoutColonAndUnknownFields() throws IOException {
        assertThat(read("id: 7\nfoo: bar\ndata: key: value\ndata\n\n"))
                .containsExactly(new SseReader.Block("7", null, "key: value\n", -1));
    }

    @Test
    void aNonNumericRetryIsIgnoredAndUtf8IsKept() throws IOException {
        assertThat(read("retry: soon\nid: 1764370800123456\ndata: émoji ✓ 😀\n\n"))
                .containsExactly(new SseReader.Block("1764370800123456", null, "émoji ✓ 😀", -1));
    }

    @Test
    void aBlockCutOffByTheEndOfTheStreamIsNotDelivered() throws IOException {
        assertThat(read("id: 1\ndata: whole\n\nid: 2\ndata: cut")).containsExactly(new SseReader.Block("1", null, "whole", -1));
        assertThat(read("id: 1\ndata: no blank line yet\n")).isEmpty();
    }
}
