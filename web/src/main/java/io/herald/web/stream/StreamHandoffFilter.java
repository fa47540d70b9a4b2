package io.herald.web.stream;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hands event-stream requests over to raw writes ({@link RawStreamHandoff}): mapped in
 * {@code web.xml} on {@code /stream} and {@code /topics/*} in front of the JAX-RS servlet (servlet
 * patterns cannot express {@code /topics/* /stream}, so the path is checked here). After the
 * JAX-RS servlet returned, i.e. once JAX-RS has answered (status, headers and {@code retry:}
 * written and committed through the resource's {@code SseEventSink}), the stream writes its
 * frames itself: as HTTP chunks to the connection on Payara ({@link GrizzlyChunkChannel}, which
 * takes the connection over so that the container can end the request), to the servlet output
 * stream elsewhere (WildFly, Open Liberty, ...). Which one is decided per response at run time;
 * no Grizzly class is loaded unless the container's response leads to one.
 *
 * <p>It also shrinks the container's response buffer first ({@link GrizzlyResponses}): every
 * frame flushed through it would otherwise make Grizzly allocate a new 8 KiB buffer.
 */
public class StreamHandoffFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(StreamHandoffFilter.class.getName());
    private static final AtomicBoolean LOGGED_DIRECT = new AtomicBoolean();
    private static final AtomicBoolean LOGGED_FALLBACK = new AtomicBoolean();

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!isStream(request)) {
            chain.doFilter(request, response);
            return;
        }
        GrizzlyResponses.shrinkBuffer(response, GrizzlyResponses.STREAM_BUFFER_SIZE);
        // An event stream lasts until one side goes, and EventSource reconnects on a new connection
        // anyway; closing it at the end is what lets frames be written beside the container's codec
        // (see GrizzlyChunkChannel).
        response.setHeader("Connection", "close");
        RawStreamHandoff handoff = RawStreamHandoff.begin();
        try {
            chain.doFilter(request, response);
        } finally {
            handoff.answered(onFailure -> isAnsweredEventStream(response) ? channelOf(response, onFailure) : null);
        }
    }

    /** The connection itself where the container allows it ({@link GrizzlyChunkChannel}), else the servlet stream. */
    private static RawChannel channelOf(HttpServletResponse response, Runnable onFailure) throws IOException {
        RawChannel direct = null;
        Object container = GrizzlyResponses.containerResponse(response);
        if (container != null) {
            try {
                direct = GrizzlyChunkChannel.of(container, onFailure);
            } catch (LinkageError noGrizzly) {
                LOG.log(Level.FINE, "Grizzly is not visible to the application; streams use the servlet stream", noGrizzly);
            }
        }
        if (direct != null) {
            logOnce(true, "event streams write their frames as chunks straight to the connection (Grizzly)");
            return direct;
        }
        logOnce(false, "an event stream writes through the servlet output stream: this container or response"
                + " does not allow direct chunk writes (not Payara's Grizzly, TLS, or not a chunked response that closes)");
        return new OutputStreamChannel(response.getOutputStream());
    }

    /** Which write path streams take is said once per path, so a deployment shows it in its log. */
    private static void logOnce(boolean direct, String message) {
        if ((direct ? LOGGED_DIRECT : LOGGED_FALLBACK).compareAndSet(false, true)) {
            LOG.info(message);
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
