package io.herald.web.stream;

import io.herald.web.container.FrameChannel;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Lets an event stream write its frames to a {@link FrameChannel} (its connection, or the servlet
 * output stream) once JAX-RS has answered the request, instead of through Jersey's
 * {@code SseEventSink} for every frame (which runs the request scope, a writer lookup and
 * interceptors per write: most of the CPU per delivery, see bench/PROFILE.md).
 *
 * <p>The JAX-RS resource still opens the stream through its {@code SseEventSink}: Jersey writes
 * the status, the headers (response filters included) and the {@code retry:} frame and commits.
 * {@link StreamHandoffFilter}, which wraps the JAX-RS servlet, publishes one handoff per stream
 * request on the request thread ({@link #current()}); {@link SseStreams} registers what to do
 * once JAX-RS is done ({@link #whenAnswered}), and the filter runs it after the JAX-RS servlet
 * returned, when nothing of Jersey writes to the response any more, handing it a way to open the
 * response's channel. Without the filter (unit tests, other paths) streams stay on the sink.
 */
final class StreamHandoff {

    private static final Logger LOG = Logger.getLogger(StreamHandoff.class.getName());
    private static final ThreadLocal<StreamHandoff> CURRENT = new ThreadLocal<>();

    private Consumer<Function<Runnable, FrameChannel>> afterAnswer;

    /** The handoff of the stream request being handled on this thread, or null. */
    static StreamHandoff current() {
        return CURRENT.get();
    }

    /** Called by the filter around the JAX-RS servlet. */
    static StreamHandoff begin() {
        StreamHandoff handoff = new StreamHandoff();
        CURRENT.set(handoff);
        return handoff;
    }

    /**
     * Runs {@code task} (on the request thread) after JAX-RS answered, with what opens the
     * response's channel given the stream's failure callback (see {@link ChannelSource#open});
     * that yields null if the response is not an answered event stream or has no channel.
     */
    void whenAnswered(Consumer<Function<Runnable, FrameChannel>> task) {
        afterAnswer = task;
    }

    /** Called by the filter once the JAX-RS servlet returned (or threw). */
    void answered(ChannelSource channels) {
        CURRENT.remove();
        Consumer<Function<Runnable, FrameChannel>> task = afterAnswer;
        afterAnswer = null;
        if (task == null) {
            return;
        }
        task.accept(onFailure -> {
            try {
                return channels.open(onFailure);
            } catch (Exception | LinkageError unavailable) {
                LOG.log(Level.FINE, "no raw channel; the stream stays on its SseEventSink", unavailable);
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
