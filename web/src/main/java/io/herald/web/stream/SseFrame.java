package io.herald.web.stream;

import io.herald.api.Event;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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

    private final long eventId;
    private final String id;
    private final String name;
    private final String data;
    private final String comment;
    private final long reconnectDelay;
    private final byte[] bytes;
    /** {@link #bytes} followed by {@link #MESSAGE_END}: what a raw stream writes in one call. */
    private final byte[] wire;

    private SseFrame(long eventId, String id, String name, String data, String comment, long reconnectDelay,
                     String text) {
        this.eventId = eventId;
        this.id = id;
        this.name = name;
        this.data = data;
        this.comment = comment;
        this.reconnectDelay = reconnectDelay;
        this.bytes = text.getBytes(StandardCharsets.UTF_8);
        this.wire = (text + MESSAGE_END).getBytes(StandardCharsets.UTF_8);
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
        return new SseFrame(event.id(), Long.toString(event.id()), event.type(), String.join("\n", lines), null,
                RECONNECT_NOT_SET, text.toString());
    }

    /** {@code retry: ms}: how long a client waits before reconnecting. */
    public static SseFrame retry(Duration delay) {
        long ms = delay.toMillis();
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
        return new SseFrame(-1, null, "reset", json, null, RECONNECT_NOT_SET,
                "event: reset\ndata: " + json + "\n");
    }

    /** The framed field lines (UTF-8), without the terminating empty line. Do not modify. */
    byte[] bytes() {
        return bytes;
    }

    /** The whole message as written to the connection: field lines and the empty line. Do not modify. */
    byte[] wireBytes() {
        return wire;
    }

    /** The id of the event this frame carries, or -1 for control frames. */
    long eventId() {
        return eventId;
    }

    /** The frame as text, for tests and logs. */
    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.UTF_8);
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

    @Override
    public Class<?> getType() {
        return data == null ? null : String.class;
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
        return data;
    }
}
