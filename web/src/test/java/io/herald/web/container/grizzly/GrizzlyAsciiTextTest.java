package io.herald.web.container.grizzly;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.memory.CompositeBuffer;
import org.glassfish.grizzly.memory.MemoryManager;
import org.glassfish.grizzly.http.util.DataChunk;
import org.junit.jupiter.api.Test;

class GrizzlyAsciiTextTest {

    private static final MemoryManager MEMORY = MemoryManager.DEFAULT_MEMORY_MANAGER;

    @Test
    void asciiBytesInsideABufferReadAsTheSameTextGrizzlyReads() {
        // as a parsed request keeps a value: start and end inside a larger buffer that is itself a slice
        Buffer whole = Buffers.wrap(MEMORY, "GET /topics/news/poll?since=5 HTTP/1.1".getBytes(StandardCharsets.ISO_8859_1));
        Buffer slice = whole.slice(4, whole.limit());
        DataChunk path = DataChunk.newInstance();
        path.setBuffer(slice, 0, "/topics/news/poll".length());
        DataChunk query = DataChunk.newInstance();
        query.setBuffer(slice, "/topics/news/poll?".length(), "/topics/news/poll?since=5".length());

        assertThat(GrizzlyAsciiText.of(path)).isEqualTo("/topics/news/poll").isEqualTo(path.toString());
        assertThat(GrizzlyAsciiText.of(query)).isEqualTo("since=5").isEqualTo(query.toString());
    }

    @Test
    void asciiBytesOfAByteChunkReadAsText() {
        byte[] bytes = "xx/topics/a/streamyy".getBytes(StandardCharsets.ISO_8859_1);
        DataChunk chunk = DataChunk.newInstance();
        chunk.setBytes(bytes, 2, bytes.length - 2);
        assertThat(GrizzlyAsciiText.of(chunk)).isEqualTo("/topics/a/stream");
    }

    @Test
    void anUnsetValueNonAsciiBytesOrBytesNotInOneArrayAreLeftToGrizzly() {
        assertThat(GrizzlyAsciiText.of(DataChunk.newInstance())).isNull();

        DataChunk utf8 = DataChunk.newInstance();
        Buffer accented = Buffers.wrap(MEMORY, "/topics/caf\u00e9/poll".getBytes(StandardCharsets.UTF_8));
        utf8.setBuffer(accented, 0, accented.limit());
        assertThat(GrizzlyAsciiText.of(utf8)).isNull();

        CompositeBuffer split = CompositeBuffer.newBuffer(MEMORY,
                Buffers.wrap(MEMORY, "/topics/".getBytes(StandardCharsets.ISO_8859_1)),
                Buffers.wrap(MEMORY, "a/poll".getBytes(StandardCharsets.ISO_8859_1)));
        DataChunk composite = DataChunk.newInstance();
        composite.setBuffer(split, 0, split.limit());
        assertThat(GrizzlyAsciiText.of(composite)).isNull();

        DataChunk text = DataChunk.newInstance();
        text.setString("/topics/a/poll");
        assertThat(GrizzlyAsciiText.of(text)).as("already text: Grizzly's toString is no decode").isNull();
    }
}
