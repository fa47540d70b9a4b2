package io.herald.web.stream;

import io.herald.web.container.FrameChannel;
import io.herald.web.sse.SseFrame;
import java.io.IOException;
import java.io.OutputStream;

/** Frames written to the servlet output stream: the container buffers, chunks and flushes them. */
record OutputStreamChannel(OutputStream out) implements FrameChannel {

    @Override
    public void write(SseFrame frame) throws IOException {
        frame.writeMessage(out);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /** Unknown here: a write that cannot proceed blocks inside the container instead. */
    @Override
    public boolean backedUp() {
        return false;
    }
}
