package io.herald.web.stream;

import io.herald.web.container.FrameChannel;
import io.herald.web.sse.SseFrame;
import java.io.IOException;

/**
 * A handed-off stream whose response still belongs to the container: frames go to {@code writes}
 * (the servlet output stream, or a connection that was not taken over), while whether the
 * response is still open, and ending it, go through {@code response} (the JAX-RS sink), as the
 * container expects.
 */
record BesideContainerChannel(FrameChannel writes, FrameChannel response) implements FrameChannel {

    @Override
    public void write(SseFrame frame) throws IOException {
        writes.write(frame);
    }

    @Override
    public void flush() throws IOException {
        writes.flush();
    }

    @Override
    public void onWritable(Runnable resume) {
        writes.onWritable(resume);
    }

    @Override
    public boolean backedUp() throws IOException {
        return writes.backedUp();
    }

    @Override
    public boolean closedAsTooSlow() {
        return writes.closedAsTooSlow();
    }

    @Override
    public boolean isClosed() {
        return response.isClosed();
    }

    /** The container ends the response (its last chunk, its close); {@code writes} owns nothing to end. */
    @Override
    public void close() {
        response.close();
    }
}
