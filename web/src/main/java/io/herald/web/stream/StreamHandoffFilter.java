package io.herald.web.stream;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Hands event-stream requests over to raw writes ({@link RawStreamHandoff}): mapped in
 * {@code web.xml} before the JAX-RS filter on {@code /stream} and {@code /topics/*} (servlet
 * patterns cannot express {@code /topics/* /stream}, so the path is checked here). After the
 * JAX-RS filter returned, i.e. once Jersey has answered (status, headers and {@code retry:}
 * written and committed through the resource's {@code SseEventSink}), the stream writes its
 * frames to the servlet output stream directly.
 *
 * <p>It also shrinks the container's response buffer first ({@link GrizzlyResponseBuffer}):
 * every flushed frame would otherwise make Grizzly allocate a new 8 KiB buffer.
 */
public class StreamHandoffFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!isStream(request)) {
            chain.doFilter(request, response);
            return;
        }
        GrizzlyResponseBuffer.shrink(response, GrizzlyResponseBuffer.STREAM_BUFFER_SIZE);
        RawStreamHandoff handoff = RawStreamHandoff.begin();
        try {
            chain.doFilter(request, response);
        } finally {
            handoff.answered(() -> isAnsweredEventStream(response) ? response.getOutputStream() : null);
        }
    }

    /**
     * Whether JAX-RS committed a 200 event stream (status, headers and the first frame written):
     * only then may frames follow on the raw output stream. An error answer, for one, is not.
     */
    static boolean isAnsweredEventStream(HttpServletResponse response) {
        String type = response.getContentType();
        return response.isCommitted() && response.getStatus() == HttpServletResponse.SC_OK
                && type != null && type.startsWith("text/event-stream");
    }

    static boolean isStream(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod())) {
            return false;
        }
        String path = request.getRequestURI();
        return path != null && (path.endsWith("/stream") || path.endsWith("/stream/"));
    }
}
