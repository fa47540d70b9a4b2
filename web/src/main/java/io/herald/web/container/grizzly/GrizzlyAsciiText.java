package io.herald.web.container.grizzly;

import java.nio.charset.StandardCharsets;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.http.util.BufferChunk;
import org.glassfish.grizzly.http.util.ByteChunk;
import org.glassfish.grizzly.http.util.DataChunk;

/**
 * A parsed request's bytes as text, made straight from the bytes when every one is ASCII.
 * Grizzly's own reading runs a charset decoder (a char buffer and a copy per value); for ASCII,
 * which every charset a container reads a request line with agrees on, one Latin-1 string of the
 * same bytes is the same text. Anything else, including bytes not in one array, gives null, and
 * the caller reads it Grizzly's way.
 */
final class GrizzlyAsciiText {

    private GrizzlyAsciiText() {
    }

    /** The chunk's text if it is set, in one array and all ASCII; null otherwise. */
    static String of(DataChunk chunk) {
        if (chunk.isNull()) {
            return null;
        }
        if (chunk.getType() == DataChunk.Type.Buffer) {
            BufferChunk part = chunk.getBufferChunk();
            Buffer buffer = part.getBuffer();
            if (buffer == null || !buffer.hasArray()) {
                return null;
            }
            return of(buffer.array(), buffer.arrayOffset() + part.getStart(), buffer.arrayOffset() + part.getEnd());
        }
        if (chunk.getType() == DataChunk.Type.Bytes) {
            ByteChunk part = chunk.getByteChunk();
            return part.getBuffer() == null ? null : of(part.getBuffer(), part.getStart(), part.getEnd());
        }
        return null;
    }

    private static String of(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] < 0) { // 0x80 and above: not ASCII
                return null;
            }
        }
        return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
    }
}
