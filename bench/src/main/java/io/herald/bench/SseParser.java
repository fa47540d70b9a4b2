package io.herald.bench;

import java.nio.charset.StandardCharsets;

/**
 * Incremental text/event-stream parser (WHATWG EventSource rules): bytes may be split anywhere,
 * lines end with CRLF, LF or CR, a blank line dispatches the event, comments (":") are ignored.
 * The last event id survives across events (and may be seeded for a reconnect).
 */
public final class SseParser {

    /** Receives parsed events. */
    public interface Listener {
        void onEvent(String lastEventId, String type, String data);

        default void onComment() { }

        default void onRetry(long millis) { }
    }

    private final Listener listener;
    private byte[] line = new byte[128];
    private int len;
    private boolean afterCr;
    private String lastEventId;
    private String type;
    private StringBuilder data;

    public SseParser(Listener listener, String lastEventId) {
        this.listener = listener;
        this.lastEventId = lastEventId;
    }

    public String lastEventId() {
        return lastEventId;
    }

    public void feed(byte[] b, int off, int n) {
        int end = off + n;
        for (int i = off; i < end; i++) {
            byte c = b[i];
            if (afterCr) {
                afterCr = false;
                if (c == '\n') {
                    continue;
                }
            }
            if (c == '\r') {
                afterCr = true;
                line();
            } else if (c == '\n') {
                line();
            } else {
                if (len == line.length) {
                    byte[] bigger = new byte[line.length * 2];
                    System.arraycopy(line, 0, bigger, 0, len);
                    line = bigger;
                }
                line[len++] = c;
            }
        }
    }

    private void line() {
        int n = len;
        len = 0;
        if (n == 0) {
            dispatch();
            return;
        }
        if (line[0] == ':') {
            listener.onComment();
            return;
        }
        int colon = -1;
        for (int i = 0; i < n; i++) {
            if (line[i] == ':') {
                colon = i;
                break;
            }
        }
        String field;
        String value;
        if (colon < 0) {
            field = new String(line, 0, n, StandardCharsets.UTF_8);
            value = "";
        } else {
            field = new String(line, 0, colon, StandardCharsets.UTF_8);
            int v = colon + 1;
            if (v < n && line[v] == ' ') {
                v++;
            }
            value = new String(line, v, n - v, StandardCharsets.UTF_8);
        }
        switch (field) {
            case "data":
                if (data == null) {
                    data = new StringBuilder(value.length() + 1);
                }
                data.append(value).append('\n');
                break;
            case "event":
                type = value;
                break;
            case "id":
                if (value.indexOf('\0') < 0) {
                    lastEventId = value;
                }
                break;
            case "retry":
                try {
                    listener.onRetry(Long.parseLong(value));
                } catch (NumberFormatException ignored) {
                    // ignored per spec
                }
                break;
            default:
                // unknown field: ignored per spec
        }
    }

    private void dispatch() {
        if (data == null) {
            type = null;
            return;
        }
        String d = data.length() > 0 ? data.substring(0, data.length() - 1) : "";
        String t = type == null || type.isEmpty() ? "message" : type;
        data = null;
        type = null;
        listener.onEvent(lastEventId, t, d);
    }
}
