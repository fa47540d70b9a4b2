package io.herald.web.container;

import io.herald.web.sse.SseFrame;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The channel of a stream the direct lane opens, from before its response head is written: it
 * holds what the stream writes meanwhile (a reconnect's replay, delivered while the stream
 * subscribes), then {@link #open} writes the head, the {@code retry:} hint and those frames in one
 * write ({@link DirectExchange#openEventStream}) and hands everything after to the connection's
 * own channel. So a reconnect that is replayed what it missed costs one write and one packet, as
 * a first connect does, and no trip through a delivery thread.
 *
 * <p>Locking: the stream calls it under its write lock, but {@link #open} comes from the thread
 * that read the request (only it may write the head) without that lock, so every method holds
 * this channel's monitor; none waits for the client.
 */
public final class DirectStreamChannel implements FrameChannel {

    /**
     * Most bytes of held frames that go out with the head; the others follow on the connection's
     * channel, which bounds what waits for a client that does not read.
     */
    public static final int MAX_BYTES_WITH_HEAD = 16 * 1024;

    private final DirectExchange exchange;
    private final Map<String, String> head;
    private final SseFrame retry;
    private final List<SseFrame> held = new ArrayList<>();
    private Runnable onWritable = () -> { };
    /** The connection's channel once the head is written; null before. */
    private FrameChannel connection;
    private boolean closed;

    public DirectStreamChannel(DirectExchange exchange, Map<String, String> head, SseFrame retry) {
        this.exchange = exchange;
        this.head = head;
        this.retry = retry;
    }

    /**
     * Writes the head, the retry hint and the frames held so far (those beyond
     * {@value #MAX_BYTES_WITH_HEAD} bytes follow at once through the connection's channel).
     *
     * @param onFailure run when a write fails or the client closes (the stream ends)
     * @return false, with nothing written, if the stream ended first or the connection cannot
     *         carry it this way (the container must then serve the request)
     * @throws IOException if the frames after the head could not be handed over (the stream must end)
     */
    public synchronized boolean open(Runnable onFailure) throws IOException {
        if (closed) {
            return false;
        }
        List<SseFrame> first = new ArrayList<>(1 + held.size());
        first.add(retry);
        int bytes = retry.messageLength();
        int withHead = 0;
        while (withHead < held.size() && bytes + held.get(withHead).messageLength() <= MAX_BYTES_WITH_HEAD) {
            bytes += held.get(withHead).messageLength();
            first.add(held.get(withHead++));
        }
        FrameChannel opened = exchange.openEventStream(head, first, onFailure);
        if (opened == null) {
            return false;
        }
        opened.onWritable(onWritable);
        connection = opened;
        if (closed) { // ended while the head was written (the write failed at once); close() let go of what was held
            opened.close();
            return true;
        }
        boolean more = withHead < held.size();
        for (SseFrame frame : held.subList(withHead, held.size())) {
            opened.write(frame);
        }
        held.clear();
        if (more) {
            opened.flush();
        }
        return true;
    }

    @Override
    public synchronized void write(SseFrame frame) throws IOException {
        if (connection == null) {
            held.add(frame);
        } else {
            connection.write(frame);
        }
    }

    /** Before the head is written, nothing: what is held goes out with it. */
    @Override
    public synchronized void flush() throws IOException {
        if (connection != null) {
            connection.flush();
        }
    }

    @Override
    public synchronized void onWritable(Runnable resume) {
        onWritable = resume;
        if (connection != null) {
            connection.onWritable(resume);
        }
    }

    @Override
    public synchronized boolean backedUp() throws IOException {
        return connection != null && connection.backedUp();
    }

    /** The stream ends by closing this channel, head written or not (then nothing ever is). */
    @Override
    public boolean ownsConnection() {
        return true;
    }

    @Override
    public synchronized boolean closedAsTooSlow() {
        return connection != null && connection.closedAsTooSlow();
    }

    @Override
    public synchronized void close() {
        closed = true;
        held.clear();
        if (connection != null) {
            connection.close();
        }
    }
}
