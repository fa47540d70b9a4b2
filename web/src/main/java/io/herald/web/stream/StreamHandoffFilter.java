package io.herald.web.stream;

import io.herald.web.container.ContainerSupport;
import io.herald.web.container.Containers;
import io.herald.web.container.FrameChannel;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Hands event-stream requests over to raw writes ({@link StreamHandoff}): mapped in
 * {@code web.xml} on {@code /stream} and {@code /topics/*} in front of the JAX-RS servlet (servlet
 * patterns cannot express {@code /topics/* /stream}, so the path is checked here). After the
 * JAX-RS servlet returned, i.e. once JAX-RS has answered (status, headers and {@code retry:}
 * written and committed through the resource's {@code SseEventSink}), the stream writes its
 * frames itself: to the connection where the container allows it
 * ({@link ContainerSupport#takeOverStream}; on Payara as HTTP chunks, taking the connection over
 * so that the container can end the request), to the servlet output stream elsewhere (WildFly,
 * Open Liberty, ...). Which one is decided per response at run time.
 *
 * <p>It also lets the container prepare the response first ({@link ContainerSupport#prepareStream}:
 * on Payara every frame flushed through an 8 KiB buffer made Grizzly allocate a new one).
 *
 * <p>Which requests are streams: a {@code GET} whose path ends in {@code /stream} (Herald's own
 * stream resources). In library mode (init parameter {@value #ACCEPT_PARAM} {@code true}, set by
 * herald-library's {@code web-fragment.xml}, which maps this filter on every request of the
 * application) also any {@code GET} that accepts {@code text/event-stream}, so the application's own
 * SSE endpoints whose sinks go to a Herald-backed {@code SseBroadcaster} are handed over too,
 * whatever their path. A request taken for a stream that turns out not to be one only gets a
 * {@code Connection: close} and a smaller response buffer; nothing is handed over unless a stream
 * asks for it.
 *
 * <p>The JAX-RS runtime writes a stream's head through {@link StreamOpeningResponse}, so that a
 * stream's bytes are the same on every server, and a {@code HEAD} of a stream path gets the head
 * its {@code GET} starts with ({@link HeadOfStreamResponse}).
 *
 * <p>It names no container type: WildFly introspects filter classes, so container internals stay
 * behind {@link Containers}.
 */
public class StreamHandoffFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(StreamHandoffFilter.class.getName());
    private static final AtomicBoolean LOGGED_DIRECT = new AtomicBoolean();
    private static final AtomicBoolean LOGGED_FALLBACK = new AtomicBoolean();

    /** Init parameter: also take any {@code GET} accepting {@code text/event-stream} for a stream. */
    static final String ACCEPT_PARAM = "streams-by-accept";

    private boolean byAccept;

    /** Looks the container's support up at deployment, so its log line comes with the start-up. */
    @Override
    public void init() {
        byAccept = Boolean.parseBoolean(getInitParameter(ACCEPT_PARAM));
        Containers.current();
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (isHeadOfStream(request)) {
            headOfStream(request, response, chain);
            return;
        }
        if (!isStream(request) && !(byAccept && acceptsEventStream(request))) {
            chain.doFilter(request, response);
            return;
        }
        Containers.current().prepareStream(response);
        // An event stream lasts until one side goes, and EventSource reconnects on a new connection
        // anyway; closing it at the end is what lets frames be written beside the container's codec
        // (see ContainerSupport#takeOverStream).
        response.setHeader("Connection", "close");
        StreamHandoff handoff = StreamHandoff.begin(request);
        try {
            chain.doFilter(request, new StreamOpeningResponse(response));
        } finally {
            handoff.answered(onFailure -> isAnsweredEventStream(response) ? channelOf(response, onFailure) : null);
        }
    }

    /**
     * A {@code HEAD} of a stream gets the head its {@code GET} starts with: {@code Connection: close}
     * too, and no {@code Content-Length}, which may only carry the length the {@code GET}'s body
     * would have (RFC 9110 8.6), and an endless stream has none. The runtimes add one to an answer
     * without a body (Jersey sets 0; the containers add 0 when a response ends uncommitted), so the
     * head's length is dropped, and the head is committed before the request ends, which makes the
     * container frame it as the {@code GET}'s (chunked on HTTP/1.1) and send no body for a
     * {@code HEAD}. Refusals keep theirs: a {@code GET} would get the same body.
     */
    private static void headOfStream(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader("Connection", "close");
        chain.doFilter(request, new HeadOfStreamResponse(response));
        if (!response.isCommitted() && isEventStream(response)) {
            response.flushBuffer();
        }
    }

    /** The connection itself where the container allows it, else the servlet output stream. */
    private static FrameChannel channelOf(HttpServletResponse response, Runnable onFailure) throws IOException {
        FrameChannel direct = Containers.current().takeOverStream(response, onFailure);
        if (direct != null) {
            logOnce(true, "event streams write their frames as chunks straight to the connection ("
                    + Containers.current().name() + ")");
            return direct;
        }
        logOnce(false, "an event stream writes through the servlet output stream: this container or response"
                + " does not allow direct writes (not Payara's Grizzly, TLS, or not a chunked response that closes)");
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
        return response.isCommitted() && isEventStream(response);
    }

    /** A 200 answer of type {@code text/event-stream}. */
    static boolean isEventStream(HttpServletResponse response) {
        String type = response.getContentType();
        return response.getStatus() == HttpServletResponse.SC_OK && type != null && type.startsWith("text/event-stream");
    }

    /** A {@code GET} naming {@code text/event-stream} in its {@code Accept} (as EventSource does). */
    static boolean acceptsEventStream(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod())) {
            return false;
        }
        for (var accept = request.getHeaders("Accept"); accept != null && accept.hasMoreElements(); ) {
            String value = accept.nextElement();
            if (value != null && value.toLowerCase(java.util.Locale.ROOT).contains("text/event-stream")) {
                return true;
            }
        }
        return false;
    }

    static boolean isStream(HttpServletRequest request) {
        return "GET".equals(request.getMethod()) && hasStreamPath(request);
    }

    static boolean isHeadOfStream(HttpServletRequest request) {
        return "HEAD".equals(request.getMethod()) && hasStreamPath(request);
    }

    private static boolean hasStreamPath(HttpServletRequest request) {
        String path = request.getRequestURI();
        return path != null && (path.endsWith("/stream") || path.endsWith("/stream/"));
    }
}
