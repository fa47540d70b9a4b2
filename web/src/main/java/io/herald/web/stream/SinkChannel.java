package io.herald.web.stream;

import io.herald.web.container.FrameChannel;
import io.herald.web.sse.SseFrame;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.IOException;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * JAX-RS's {@code SseEventSink} as a stream's channel: the portable one, which every stream starts
 * with (status, headers and {@code retry:} go through it) and keeps where no handoff replaces it.
 * Each frame is sent, and so flushed, at once; a write never reports the client as behind (it
 * blocks inside the container instead, up to the container's write timeout).
 */
final class SinkChannel implements FrameChannel {

    private static final Logger LOG = Logger.getLogger(SinkChannel.class.getName());

    private final SseEventSink sink;
    /** Run when a send fails after it was taken: Jersey completes a send when it is queued, not written. */
    private final Runnable onFailure;
    private volatile boolean failed;

    SinkChannel(SseEventSink sink, Runnable onFailure) {
        this.sink = sink;
        this.onFailure = onFailure;
    }

    @Override
    public void write(SseFrame frame) throws IOException {
        CompletionStage<?> sent;
        try {
            sent = sink.send(frame);
        } catch (RuntimeException closed) { // the sink throws IllegalStateException once closed
            throw new IOException("SSE sink closed", closed);
        }
        sent.whenComplete((ignored, failure) -> {
            if (failure != null) {
                LOG.log(Level.FINE, "SSE write failed, ending stream", failure);
                failed = true;
                onFailure.run();
            }
        });
        if (sent.toCompletableFuture().isCompletedExceptionally()) {
            throw new IOException("SSE write failed");
        }
    }

    /** Nothing left behind: the sink flushes each send. */
    @Override
    public void flush() {
    }

    @Override
    public boolean backedUp() {
        return false;
    }

    /** The container closed the sink (the client went), or a send failed. */
    @Override
    public boolean isClosed() {
        return failed || sink.isClosed();
    }

    /** Closes the sink: the container ends the request (and, for a stream it answered, the response). */
    @Override
    public void close() {
        if (!sink.isClosed()) {
            try {
                sink.close();
            } catch (RuntimeException alreadyGone) {
                LOG.log(Level.FINE, "closing SSE sink failed", alreadyGone);
            }
        }
    }
}
