package io.herald.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an HTTP/1.1 chunked body as it came off the socket: its chunks one by one (where the server
 * cut its writes, which some tests assert) or its content joined. Chunk extensions are ignored; the
 * reading stops at the last chunk or where the bytes end.
 */
public final class ChunkedBody {

    private static final byte[] CRLF = {'\r', '\n'};

    private ChunkedBody() {
    }

    /** The data of each chunk, in order, up to the last chunk. */
    public static List<byte[]> chunks(byte[] body) {
        List<byte[]> chunks = new ArrayList<>();
        int at = 0;
        while (at < body.length) {
            int lineEnd = indexOf(body, at);
            if (lineEnd < 0) {
                break;
            }
            String sizeLine = new String(body, at, lineEnd - at, StandardCharsets.ISO_8859_1);
            int size = Integer.parseInt(sizeLine.split(";", 2)[0].trim(), 16);
            if (size == 0) {
                break;
            }
            int start = lineEnd + CRLF.length;
            int end = Math.min(start + size, body.length);
            byte[] chunk = new byte[end - start];
            System.arraycopy(body, start, chunk, 0, chunk.length);
            chunks.add(chunk);
            at = start + size + CRLF.length;
        }
        return chunks;
    }

    /** The chunks of a body read as text, each decoded as UTF-8. */
    public static List<String> chunks(String body) {
        List<String> chunks = new ArrayList<>();
        for (byte[] chunk : chunks(body.getBytes(StandardCharsets.ISO_8859_1))) {
            chunks.add(new String(chunk, StandardCharsets.UTF_8));
        }
        return chunks;
    }

    /** The body's content: every chunk's data joined. */
    public static byte[] content(byte[] body) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] chunk : chunks(body)) {
            content.writeBytes(chunk);
        }
        return content.toByteArray();
    }

    /** The content of a body read as text (one char per byte, as a raw socket reader keeps it), as UTF-8. */
    public static String content(String body) {
        return new String(content(body.getBytes(StandardCharsets.ISO_8859_1)), StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == CRLF[0] && bytes[i + 1] == CRLF[1]) {
                return i;
            }
        }
        return -1;
    }
}
