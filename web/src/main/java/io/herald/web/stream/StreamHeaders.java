package io.herald.web.stream;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
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

    /**
     * The answer to {@code HEAD} of a stream, once its request passed the checks a {@code GET}
     * gets: the head a stream would start with, and no stream. JAX-RS answers a {@code HEAD}
     * without a method of its own by running the {@code GET} and dropping the body, and a stream's
     * {@code GET} does not end, so the client would wait for a head that never comes.
     * ({@link StreamHeadersFilter} adds the stream headers, as to every stream.)
     */
    static Response headOnly() {
        return Response.ok().type(MediaType.SERVER_SENT_EVENTS_TYPE).build();
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
