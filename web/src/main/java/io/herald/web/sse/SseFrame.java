package io.herald.web.sse;

import io.herald.api.Event;
import io.herald.core.time.Saturating;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One SSE message, framed to bytes once when it is built so that writing it to many streams is a
 * single array copy each ({@link SseFrameWriter}). The bytes hold the field lines, each ending in
 * LF; the sink appends the blank line that ends the message.
 *
 * <p>Data lines: the payload is split on CRLF, CR and LF alike (all three end a line for an SSE
 * parser), each part becoming one {@code data:} line, so no payload can start a new field. The
 * getters describe the same message for any writer that frames it from them instead.
 */
public final class SseFrame implements OutboundSseEvent {

    /** What the sink writes after each frame: the empty line that dispatches the message. */
    public static final String MESSAGE_END = "\n";

    private static final Pattern LINE_BREAK = Pattern.compile("\r\n|\r|\n");
    private static final byte[] CRLF = {'\r', '\n'};

    private final long eventId;
    private final String id;
    private final String name;
    /** The payload as given (line breaks not yet normalised), or null; shared with the event, not copied. */
    private final String data;
    private final String comment;
    private final long reconnectDelay;
    /**
     * The only copy of the frame's bytes, kept once per event for all streams: the message (field
     * lines, then {@link #MESSAGE_END}) at {@code [start, start + length)}, framed as one HTTP/1.1
     * chunk by the size line before it and CRLF after it.
     */
    private final byte[] chunk;
    private final int start;
    private final int length;

    private SseFrame(long eventId, String id, String name, String data, String comment, long reconnectDelay,
                     String text) {
        this.eventId = eventId;
        this.id = id;
        this.name = name;
        this.data = data;
        this.comment = comment;
        this.reconnectDelay = reconnectDelay;
        byte[] message = (text + MESSAGE_END).getBytes(StandardCharsets.UTF_8);
        byte[] head = chunkHead(message.length);
        this.chunk = new byte[head.length + message.length + CRLF.length];
        this.start = head.length;
        this.length = message.length;
        System.arraycopy(head, 0, chunk, 0, head.length);
        System.arraycopy(message, 0, chunk, start, length);
        System.arraycopy(CRLF, 0, chunk, start + length, CRLF.length);
    }

    /** {@code id: N}, {@code event: type} if set, one {@code data:} line per payload line. */
    public static SseFrame of(Event event) {
        String[] lines = LINE_BREAK.split(event.data(), -1);
        StringBuilder text = new StringBuilder(event.data().length() + 32 + 6 * lines.length);
        text.append("id: ").append(event.id()).append('\n');
        if (event.type() != null) {
            text.append("event: ").append(event.type()).append('\n');
        }
        for (String line : lines) {
            text.append("data: ").append(line).append('\n');
        }
        return new SseFrame(event.id(), Long.toString(event.id()), event.type(), event.data(), null,
                RECONNECT_NOT_SET, text.toString());
    }

    /** {@code retry: ms}: how long a client waits before reconnecting. */
    public static SseFrame retry(Duration delay) {
        long ms = Math.max(0, Saturating.millis(delay));
        return new SseFrame(-1, null, null, null, null, ms, "retry: " + ms + "\n");
    }

    /** {@code : text}, a comment line that clients ignore; keeps idle connections alive. */
    public static SseFrame comment(String text) {
        if (LINE_BREAK.matcher(text).find()) {
            throw new IllegalArgumentException("comment must be a single line");
        }
        return new SseFrame(-1, null, null, null, text, RECONNECT_NOT_SET, ": " + text + "\n");
    }

    /**
     * {@code event: reset} with {@code data: {"lastEventId":N}}: events after N were already
     * evicted and are lost to this client; the still-retained ones follow. No {@code id:}, so the
     * client's last event id is unchanged until the next real event.
     */
    public static SseFrame reset(long lastEventId) {
        String json = "{\"lastEventId\":" + lastEventId + "}";
        return new SseFrame(-1, null, Event.RESET_TYPE, json, null, RECONNECT_NOT_SET,
                "event: " + Event.RESET_TYPE + "\ndata: " + json + "\n");
    }

    /** Writes the field lines (UTF-8) without the terminating empty line, which the sink adds. */
    void writeFields(OutputStream out) throws IOException {
        out.write(chunk, start, length - MESSAGE_END.length());
    }

    /** Writes the whole message: field lines and the empty line. */
    public void writeMessage(OutputStream out) throws IOException {
        out.write(chunk, start, length);
    }

    /** The length in bytes of the message (field lines and the empty line), without chunk framing. */
    public int messageLength() {
        return length;
    }

    /**
     * The message framed as one HTTP/1.1 chunk (size line, message, CRLF): the frame's own array,
     * shared by every stream it goes to, not a copy. Read it, never modify it.
     */
    public byte[] chunkBytes() {
        return chunk;
    }

    /**
     * The message (field lines and the empty line) without chunk framing: a new view of the
     * frame's shared bytes, for a writer that frames it itself. Read it, never modify it.
     */
    public ByteBuffer message() {
        return ByteBuffer.wrap(chunk, start, length);
    }

    /**
     * The messages of {@code frames}, in order, without chunk framing: the one frame's shared bytes
     * (as {@link #message()}), or a copy of several joined. Read it, never modify it.
     */
    public static ByteBuffer messagesOf(List<SseFrame> frames) {
        if (frames.size() == 1) {
            return frames.get(0).message();
        }
        byte[] joined = new byte[lengthOf(frames)];
        copyMessages(frames, joined, 0);
        return ByteBuffer.wrap(joined);
    }

    /** The messages of {@code frames}, in order, as one HTTP/1.1 chunk (RFC 9112, section 7.1). */
    public static byte[] chunkOf(List<SseFrame> frames) {
        int size = lengthOf(frames);
        byte[] head = chunkHead(size);
        byte[] joined = new byte[head.length + size + CRLF.length];
        System.arraycopy(head, 0, joined, 0, head.length);
        int at = copyMessages(frames, joined, head.length);
        System.arraycopy(CRLF, 0, joined, at, CRLF.length);
        return joined;
    }

    private static int lengthOf(List<SseFrame> frames) {
        int size = 0;
        for (SseFrame frame : frames) {
            size += frame.length;
        }
        return size;
    }

    /** Copies the messages of {@code frames} into {@code into} from {@code at}; returns where they end. */
    private static int copyMessages(List<SseFrame> frames, byte[] into, int at) {
        for (SseFrame frame : frames) {
            System.arraycopy(frame.chunk, frame.start, into, at, frame.length);
            at += frame.length;
        }
        return at;
    }

    private static byte[] chunkHead(int size) {
        return (Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The id of the event this frame carries, or -1 for control frames. */
    long eventId() {
        return eventId;
    }

    /** The frame as text, for tests and logs. */
    @Override
    public String toString() {
        return new String(chunk, start, length - MESSAGE_END.length(), StandardCharsets.UTF_8);
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getComment() {
        return comment;
    }

    @Override
    public long getReconnectDelay() {
        return reconnectDelay;
    }

    @Override
    public boolean isReconnectDelaySet() {
        return reconnectDelay != RECONNECT_NOT_SET;
    }

    /**
     * Always {@code String}, also for frames without data: RESTEasy's writer (WildFly) writes
     * {@code event:}, {@code id:} and {@code retry:} only for an event whose type is set, so a
     * null type would send the {@code retry:} frame as a bare empty line.
     */
    @Override
    public Class<?> getType() {
        return String.class;
    }

    @Override
    public Type getGenericType() {
        return getType();
    }

    @Override
    public MediaType getMediaType() {
        return MediaType.TEXT_PLAIN_TYPE;
    }

    @Override
    public Object getData() {
        return data == null ? null : LINE_BREAK.matcher(data).replaceAll("\n");
    }
}
