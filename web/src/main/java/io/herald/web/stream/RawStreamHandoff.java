package io.herald.web.stream;

import java.io.OutputStream;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Lets an event stream write its frames straight to the servlet output stream once JAX-RS has
 * answered the request, instead of through Jersey's {@code SseEventSink} for every frame (which
 * runs the request scope, a writer lookup and interceptors per write: most of the CPU per
 * delivery, see bench/PROFILE.md).
 *
 * <p>The JAX-RS resource still opens the stream through its {@code SseEventSink}: Jersey writes
 * the status, the headers (response filters included) and the {@code retry:} frame and commits.
 * {@link StreamHandoffFilter}, which wraps the JAX-RS filter, publishes one handoff per stream
 * request on the request thread ({@link #current()}); {@link SseStreams} registers what to do
 * once Jersey is done ({@link #whenAnswered}), and the filter runs it after the JAX-RS filter
 * returned, when nothing of Jersey writes to the response any more, handing it the response's
 * output stream. Without the filter (unit tests, other paths) streams stay on the sink.
 */
final class RawStreamHandoff {

    private static final Logger LOG = Logger.getLogger(RawStreamHandoff.class.getName());
    private static final ThreadLocal<RawStreamHandoff> CURRENT = new ThreadLocal<>();

    private Consumer<OutputStream> afterAnswer;

    /** The handoff of the stream request being handled on this thread, or null. */
    static RawStreamHandoff current() {
        return CURRENT.get();
    }

    /** Called by the filter around the JAX-RS filter. */
    static RawStreamHandoff begin() {
        RawStreamHandoff handoff = new RawStreamHandoff();
        CURRENT.set(handoff);
        return handoff;
    }

    /** Runs {@code task} (on the request thread) after JAX-RS answered; null stream if it is unavailable. */
    void whenAnswered(Consumer<OutputStream> task) {
        afterAnswer = task;
    }

    /** Called by the filter once the JAX-RS filter returned (or threw). */
    void answered(OutputStreamSource out) {
        CURRENT.remove();
        Consumer<OutputStream> task = afterAnswer;
        afterAnswer = null;
        if (task == null) {
            return;
        }
        OutputStream stream = null;
        try {
            stream = out.get();
        } catch (Exception | LinkageError unavailable) {
            LOG.log(Level.FINE, "no servlet output stream; the stream stays on its SseEventSink", unavailable);
        }
        task.accept(stream);
    }

    /** The response's output stream, fetched only when a stream asked for it. */
    interface OutputStreamSource {
        OutputStream get() throws Exception;
    }
}
