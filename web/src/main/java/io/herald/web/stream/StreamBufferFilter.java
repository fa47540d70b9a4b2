package io.herald.web.stream;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Gives event-stream responses a small output buffer. Each frame is flushed on its own, and on
 * Payara (Grizzly) every flush hands the response buffer to the connection's write queue and
 * allocates a fresh one of the buffer size for the next write: with the 8 KiB default that is
 * ~8 KiB of garbage per ~60-byte frame and subscriber (see bench/PROFILE.md). Frames larger than
 * the buffer are still written whole, in more pieces.
 *
 * <p>Mapped in {@code web.xml} before the JAX-RS filter, on {@code /stream} and {@code /topics/*}
 * (servlet patterns cannot express {@code /topics/* /stream}, so the path is checked here).
 */
public class StreamBufferFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    /** Bytes; a frame is typically 50-200 bytes. */
    static final int BUFFER_SIZE = 512;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (isStream(request)) {
            response.setBufferSize(BUFFER_SIZE);
        }
        chain.doFilter(request, response);
    }

    static boolean isStream(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod())) {
            return false;
        }
        String path = request.getRequestURI();
        return path != null && (path.endsWith("/stream") || path.endsWith("/stream/"));
    }
}
