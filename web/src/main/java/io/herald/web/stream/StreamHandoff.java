package io.herald.web.stream;

import io.herald.web.container.FrameChannel;
import jakarta.servlet.ServletRequest;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Lets an event stream write its frames to a {@link FrameChannel} of its own (its connection, or
 * the servlet output stream) once JAX-RS has answered the request, instead of through JAX-RS's
 * {@code SseEventSink} for every frame (which runs the request scope, a writer lookup and
 * interceptors per write: most of the CPU per delivery, see bench/PROFILE.md).
 *
 * <p>The JAX-RS resource still opens the stream through its {@code SseEventSink}: JAX-RS writes
 * the status, the headers (response filters included) and the {@code retry:} frame and commits.
 * {@link StreamHandoffFilter}, which wraps the JAX-RS servlet, puts one handoff on each stream
 * request ({@link #begin}); the resource finds it there ({@link #of}) and {@link SseStreams}
 * registers what to do once JAX-RS is done ({@link #whenAnswered}); the filter runs it after the
 * JAX-RS servlet returned, when nothing of JAX-RS writes to the response any more, handing it a
 * way to open the response's channel. Without the filter (unit tests, other paths) streams stay
 * on the sink.
 *
 * <p>Why a request attribute, not a thread-local: the filter and the resource meet only through
 * the request (JAX-RS sits between them), and an attribute belongs to that request alone, so
 * nothing is left behind on a pooled thread if anything throws, and a resource run on another
 * thread still finds its own handoff. Should the filter be done before the resource registers
 * (JAX-RS dispatching asynchronously), the task runs at once and the stream stays on its sink.
 *
 * <p>Locking: the filter's thread and the resource's may differ, so both steps synchronize.
 */
final class StreamHandoff {

    private static final Logger LOG = Logger.getLogger(StreamHandoff.class.getName());
    private static final String ATTRIBUTE = StreamHandoff.class.getName();

    private Consumer<Function<Runnable, FrameChannel>> afterAnswer; // guarded by this
    private boolean answered; // guarded by this

    /** Called by the filter before the JAX-RS servlet runs: the request's handoff. */
    static StreamHandoff begin(ServletRequest request) {
        StreamHandoff handoff = new StreamHandoff();
        request.setAttribute(ATTRIBUTE, handoff);
        return handoff;
    }

    /** The handoff of {@code request}, or null if the filter did not see it. */
    static StreamHandoff of(ServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof StreamHandoff handoff ? handoff : null;
    }

    /**
     * Runs {@code task} after JAX-RS answered (on the filter's thread), with what opens the
     * response's channel given the stream's failure callback (see {@link ChannelSource#open});
     * that yields null if the response is not an answered event stream or has no channel.
     */
    void whenAnswered(Consumer<Function<Runnable, FrameChannel>> task) {
        synchronized (this) {
            if (!answered) {
                afterAnswer = task;
                return;
            }
        }
        task.accept(onFailure -> null); // answered already: too late to hand over
    }

    /** Called by the filter once the JAX-RS servlet returned (or threw). */
    void answered(ChannelSource channels) {
        Consumer<Function<Runnable, FrameChannel>> task;
        synchronized (this) {
            answered = true;
            task = afterAnswer;
            afterAnswer = null;
        }
        if (task == null) {
            return;
        }
        task.accept(onFailure -> {
            try {
                return channels.open(onFailure);
            } catch (Exception | LinkageError unavailable) {
                LOG.log(Level.FINE, "no channel of its own; the stream stays on its SseEventSink", unavailable);
                return null;
            }
        });
    }

    /** Opens the response's channel, only when a stream asks for it. */
    interface ChannelSource {
        /**
         * @param onFailure run when a write fails after it was taken (a channel that writes
         *                  asynchronously learns of failures later)
         * @return null if the response is not an answered event stream
         */
        FrameChannel open(Runnable onFailure) throws Exception;
    }
}
