package io.herald.web.stream;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The headers of every event stream's answer beside its content type: not to be cached, passed
 * through proxies such as nginx frame by frame ({@code X-Accel-Buffering: no}) instead of
 * buffered, and the connection closed when the stream ends (what lets frames be written beside
 * the container's codec). JAX-RS answers get them from {@link StreamHeadersFilter} and
 * {@link StreamHandoffFilter}, the direct lane from {@link #DIRECT}.
 */
final class StreamHeaders {

    static final String CACHE_CONTROL = "no-cache";
    static final String ACCEL_BUFFERING = "X-Accel-Buffering";
    static final String NO = "no";

    /** A whole stream head as the direct lane writes it (status 200, chunked, from the container). */
    static final Map<String, String> DIRECT;

    static {
        Map<String, String> head = new LinkedHashMap<>();
        head.put("Connection", "close");
        head.put("Cache-Control", CACHE_CONTROL);
        head.put(ACCEL_BUFFERING, NO);
        head.put("Content-Type", "text/event-stream");
        DIRECT = java.util.Collections.unmodifiableMap(head);
    }

    /** {@link #DIRECT} and {@code extra} (CORS headers, say). */
    static Map<String, String> direct(Map<String, String> extra) {
        Map<String, String> head = new LinkedHashMap<>(DIRECT);
        head.putAll(extra);
        return head;
    }

    private StreamHeaders() {
    }
}
