package io.herald.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads an event stream as the SSE specification says (WHATWG HTML, "event stream
 * interpretation"): lines end with LF, CR or CRLF; {@code :} starts a comment; a field's value
 * loses exactly one leading space; {@code data} lines are joined with LF; an empty line ends a
 * block. Used instead of Jersey's {@code EventInput}, which strips every leading space of a value
 * (so a payload that starts with a space arrives changed) and turns read errors, a read timeout
 * included, into a normal end of stream, hiding a stalled connection.
 */
final class SseReader {

    /** Longest line accepted; a longer one means this is not an event stream. */
    static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

    /**
     * One block (the lines up to an empty line).
     *
     * @param id    the {@code id:} value, null if the block had none
     * @param event the {@code event:} value, null if none
     * @param data  the joined {@code data:} values, null if the block had no data line (not an event)
     * @param retry the {@code retry:} value in ms, -1 if none (or not a number)
     */
    record Block(String id, String event, String data, long retry) {
    }

    private final InputStream in;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private boolean skipLf;

    SseReader(InputStream in) {
        this.in = in;
    }

    /** The next block, or null at the end of the stream. Blocks that only held comments count too. */
    Block next() throws IOException {
        String id = null;
        String event = null;
        StringBuilder data = null;
        long retry = -1;
        boolean any = false;
        while (true) {
            String l = readLine();
            if (l == null) {
                return null; // a block cut off by the end of the stream is not dispatched
            }
            if (l.isEmpty()) {
                if (any) {
                    if (data != null && data.length() > 0) {
                        data.setLength(data.length() - 1);
                    }
                    return new Block(id, event, data == null ? null : data.toString(), retry);
                }
                continue;
            }
            any = true;
            if (l.charAt(0) == ':') {
                continue;
            }
            int colon = l.indexOf(':');
            String field = colon < 0 ? l : l.substring(0, colon);
            String value = colon < 0 ? "" : l.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "data" -> (data == null ? data = new StringBuilder() : data).append(value).append('\n');
                case "event" -> event = value;
                case "id" -> {
                    if (value.indexOf('\0') < 0) {
                        id = value;
                    }
                }
                case "retry" -> {
                    if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9') && value.length() < 18) {
                        retry = Long.parseLong(value);
                    }
                }
                default -> {
                    // unknown fields are ignored
                }
            }
        }
    }

    /** One line without its terminator, or null at the end of the stream. */
    private String readLine() throws IOException {
        line.reset();
        while (true) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            if (skipLf) {
                skipLf = false;
                if (b == '\n') {
                    continue;
                }
            }
            if (b == '\n') {
                return line.toString(StandardCharsets.UTF_8);
            }
            if (b == '\r') {
                skipLf = true;
                return line.toString(StandardCharsets.UTF_8);
            }
            if (line.size() >= MAX_LINE_BYTES) {
                throw new IOException("event stream line longer than " + MAX_LINE_BYTES + " bytes");
            }
            line.write(b);
        }
    }
}
