package io.herald.web.container.grizzly;

import io.herald.web.container.ClientTooSlowException;
import io.herald.web.container.FrameChannel;
import io.herald.web.sse.SseFrame;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.EmptyCompletionHandler;
import org.glassfish.grizzly.WriteHandler;
import org.glassfish.grizzly.WriteResult;
import org.glassfish.grizzly.Writer;
import org.glassfish.grizzly.asyncqueue.AsyncQueueWriter;
import org.glassfish.grizzly.asyncqueue.WritableMessage;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.memory.HeapBuffer;
import org.glassfish.grizzly.nio.NIOConnection;
import org.glassfish.grizzly.nio.transport.TCPNIOTransport;

/**
 * An answered event stream's frames written as whole HTTP/1.1 chunks straight to its connection's
 * write queue on Grizzly (Payara's HTTP layer), the way Grizzly's transport filter itself hands
 * them over.
 *
 * <p>Why: through the servlet output stream every flush walks Payara's whole filter chain back to
 * the transport, which was three quarters of the server CPU per delivery in burst profiles
 * (bench/PROFILE.md), while all a frame needs is its pre-built chunk ({@link SseFrame#chunkBytes()},
 * shared by every stream) put on the socket.
 *
 * <p>Only a committed, chunked, plain-text (not TLS, not content-encoded) response with nothing
 * left in the container's buffer, that closes its connection when it ends ({@code Connection:
 * close}, set by the stream handoff filter), qualifies ({@link #of}); anything else keeps the
 * servlet stream. The headers and the first frame went through JAX-RS. Then, where the listener
 * keeps connections alive (Payara's default), the channel takes the connection over
 * ({@link GrizzlyConnectionTakeover}): the container ends the request at once, writing nothing,
 * and this channel alone writes the rest, the last chunk included ({@link #close}). Otherwise the
 * response stays the container's, which writes the last chunk through its own path when the
 * stream ends; a chunk written after that hits a closed connection, never the next response.
 *
 * <p>Nothing here waits for a client: Grizzly writes at once when the socket takes the bytes and
 * queues them otherwise. Once more than the connection's queue limit is queued (a client that
 * reads slowly or not at all), further frames are held back, as shared references, and handed
 * over when Grizzly says the client has read enough; so a delivery thread is never held by one
 * client, and what one client has queued stays within the queue limit plus one chunk. A client
 * that reads nothing for the connection's write timeout while bytes wait for it, or falls
 * {@value #MAX_HELD_FRAMES} frames behind, is closed ({@link ClientTooSlowException}); an idle
 * stream finds such a client through its keepalives ({@link #backedUp()}). The close is immediate: Grizzly's graceful close would
 * wait for the queue to drain, which a client that reads nothing never lets happen.
 *
 * <p>Locking: used under the owning stream's write lock; {@code failure} is set by Grizzly's
 * threads and is volatile.
 */
final class GrizzlyChunkChannel implements FrameChannel {

    private static final Logger LOG = Logger.getLogger(GrizzlyChunkChannel.class.getName());
    private static final AtomicBoolean LOGGED_SEND_BUFFER = new AtomicBoolean();
    /** Used when the connection has no write timeout of its own. */
    private static final long DEFAULT_WRITE_TIMEOUT_MILLIS = 30_000;
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    /** Most bytes of messages joined into one chunk (a larger frame goes alone, as its shared chunk). */
    static final int MAX_JOINED_BYTES = 16 * 1024;
    /**
     * Most frames held back for a client that is behind; like a subscriber's queue, references to
     * frames every stream shares, so holding them costs a pointer each.
     */
    static final int MAX_HELD_FRAMES = 8192;

    private final Connection<SocketAddress> connection;
    private final Writer<SocketAddress> writer;
    private final long writeTimeoutMillis;
    /** When {@link #backedUp()} first saw the queue over its limit, or -1 when it was not. */
    private long stalledSince = -1;
    /** Bytes queued for the client when {@link #waitingForClient()} last looked. */
    private long lastQueued;
    /** Bytes handed to Grizzly since {@link #waitingForClient()} last looked. */
    private long handedSince;
    private final Written written;
    /**
     * Frames taken but not handed to Grizzly yet: those since the last flush (usually one), and
     * those held back while the client is behind.
     */
    private final ArrayDeque<SseFrame> pending = new ArrayDeque<>(2);
    /** Resumes flushing under the owning stream's write lock once the client has read enough. */
    private volatile Runnable onWritable = () -> { };
    /** Whether Grizzly was asked to say when the client has read enough; reset when it does. */
    private final AtomicBoolean awaitingWritable = new AtomicBoolean();
    /** Set before this channel closes a client that fell behind. */
    private volatile boolean tooSlow;
    /** Whether the connection was taken over: the container is done with the response. */
    private final boolean ownsConnection;

    private GrizzlyChunkChannel(Connection<SocketAddress> connection, Writer<SocketAddress> writer, Runnable onFailure,
                                boolean ownsConnection) {
        this.connection = connection;
        this.ownsConnection = ownsConnection;
        this.writer = writer;
        long timeout = connection.getWriteTimeout(TimeUnit.MILLISECONDS);
        this.writeTimeoutMillis = timeout > 0 ? timeout : DEFAULT_WRITE_TIMEOUT_MILLIS;
        this.written = new Written(onFailure);
    }

    /**
     * The channel to {@code containerResponse}'s connection, taken over where possible, or null
     * if it is not a Grizzly response this can write to (see the class comment). Call it while the
     * request is suspended, before the container ends the response.
     *
     * @param onFailure run, on whichever thread learns of it, when a write fails or (once taken
     *                  over) the connection closes
     */
    @SuppressWarnings("unchecked")
    static FrameChannel of(Object containerResponse, Runnable onFailure) {
        if (!(containerResponse instanceof Response response)) {
            return null;
        }
        if (response.getOutputBuffer().getBufferedDataSize() > 0) {
            return null;
        }
        return of(response.getResponse(), onFailure);
    }

    /**
     * The channel to the connection of {@code packet}, a committed stream head (written by the
     * container or by the direct lane), taken over where possible; null as for {@link #of(Object, Runnable)}.
     */
    @SuppressWarnings("unchecked")
    static FrameChannel of(HttpResponsePacket packet, Runnable onFailure) {
        if (packet == null || !packet.isCommitted() || !packet.isChunked() || !packet.getContentEncodings().isEmpty()
                || packet.getProcessingState().isKeepAlive() || packet.getRequest().isSecure()) {
            return null;
        }
        Connection<SocketAddress> connection = (Connection<SocketAddress>) packet.getRequest().getConnection();
        if (connection == null || !connection.isOpen()) {
            return null;
        }
        Writer<SocketAddress> writer = (Writer<SocketAddress>) connection.getTransport().getWriter(connection);
        if (!(writer instanceof AsyncQueueWriter)) {
            return null;
        }
        boolean taken = GrizzlyConnectionTakeover.takeOver(packet, connection, onFailure);
        boundSendBuffer(connection);
        return new GrizzlyChunkChannel(connection, writer, onFailure, taken);
    }

    /**
     * Fixes the socket's send buffer at the transport's configured size (the pre-boot file's
     * {@code socket-write-buffer-size}). Grizzly only ever grows it, so the kernel's autotuning
     * kept it (up to 4 MiB here): a client that stops reading then made the kernel hold megabytes
     * for it, and nothing queued in Grizzly showed that it was behind.
     */
    private static void boundSendBuffer(Connection<SocketAddress> connection) {
        if (!(connection instanceof NIOConnection nio) || !(nio.getChannel() instanceof SocketChannel socket)
                || !(connection.getTransport() instanceof TCPNIOTransport transport)) {
            return;
        }
        int size = transport.getWriteBufferSize();
        if (size <= 0) {
            return;
        }
        try {
            socket.setOption(StandardSocketOptions.SO_SNDBUF, size);
            if (LOGGED_SEND_BUFFER.compareAndSet(false, true)) {
                LOG.info("event stream connections send with a socket buffer of " + size + " bytes");
            }
        } catch (IOException | UnsupportedOperationException e) {
            LOG.log(Level.FINE, "could not set the send buffer of a stream's connection", e);
        }
    }

    @Override
    public boolean ownsConnection() {
        return ownsConnection;
    }

    @Override
    public boolean closedAsTooSlow() {
        return tooSlow;
    }

    /**
     * Ends a taken-over stream's response: the last chunk, then the connection is closed. If the
     * client is behind (bytes still queued for it), the connection is closed at once and what is
     * queued dropped: Grizzly's graceful close would wait for a client that may never read again,
     * and the client reconnects and replays from its last event id anyway.
     */
    @Override
    public void close() {
        pending.clear();
        if (!ownsConnection || !connection.isOpen()) {
            return;
        }
        writer.write(connection, HeapBuffer.wrap(LAST_CHUNK), written);
        if (connection instanceof NIOConnection nio && nio.getAsyncWriteQueue().isEmpty()) {
            connection.closeSilently(); // all handed to the socket: the kernel delivers it, then FIN
        } else {
            connection.terminateSilently();
        }
    }

    @Override
    public void write(SseFrame frame) {
        pending.add(frame);
    }

    @Override
    public void onWritable(Runnable resume) {
        onWritable = resume;
    }

    /**
     * Hands the pending frames to Grizzly while the client keeps up; never waits. Once more than
     * the connection's queue limit is queued, the rest is held back and Grizzly is asked to say
     * when the client has read enough ({@link #onWritable}); a client that has read nothing for the
     * write timeout, or falls {@value #MAX_HELD_FRAMES} frames behind, is closed at once.
     */
    @Override
    public void flush() throws IOException {
        if (pending.isEmpty()) {
            return;
        }
        written.throwIfFailed();
        if (!connection.isOpen()) {
            pending.clear();
            throw new IOException("connection closed");
        }
        while (!pending.isEmpty()) {
            if (!writer.canWrite(connection)) {
                holdBack();
                return;
            }
            // A wrapper of its own per write: Grizzly moves its position. A shared array is only read.
            byte[] chunk = nextChunk();
            handedSince += chunk.length;
            writer.write(connection, HeapBuffer.wrap(chunk), written);
            written.throwIfFailed(); // a write that failed at once is reported before write returns
        }
    }

    /**
     * The next frames as one chunk: a frame's own shared chunk, or small frames joined up to
     * {@value #MAX_JOINED_BYTES} bytes, so that what one client has queued exceeds the queue
     * limit by one chunk at most, never by a whole backlog.
     */
    private byte[] nextChunk() {
        SseFrame first = pending.poll();
        if (pending.isEmpty() || first.messageLength() + pending.peek().messageLength() > MAX_JOINED_BYTES) {
            return first.chunkBytes();
        }
        List<SseFrame> joined = new ArrayList<>();
        joined.add(first);
        int bytes = first.messageLength();
        while (!pending.isEmpty() && bytes + pending.peek().messageLength() <= MAX_JOINED_BYTES) {
            SseFrame next = pending.poll();
            bytes += next.messageLength();
            joined.add(next);
        }
        return SseFrame.chunkOf(joined);
    }

    /** The client is behind: keeps the pending frames for when it has read enough, within bounds. */
    private void holdBack() throws IOException {
        waitingForClient();
        if (pending.size() > MAX_HELD_FRAMES) {
            tooSlow = true;
            pending.clear();
            connection.terminateSilently();
            throw new ClientTooSlowException("client fell more than " + MAX_HELD_FRAMES + " events behind; connection closed");
        }
        if (awaitingWritable.compareAndSet(false, true)) {
            writer.notifyWritePossible(connection, new WriteHandler() {
                @Override
                public void onWritePossible() {
                    awaitingWritable.set(false);
                    onWritable.run();
                }

                @Override
                public void onError(Throwable failure) {
                    awaitingWritable.set(false);
                    written.failed(failure);
                }
            });
        }
    }

    /** Whether bytes wait for the client; keepalives are skipped then (they would only queue behind them). */
    @Override
    public boolean backedUp() throws IOException {
        return waitingForClient();
    }

    /**
     * Whether bytes wait for the client, queued in Grizzly or held back here; closes the connection
     * ({@link ClientTooSlowException}) once the client has read nothing for the write timeout while
     * they did. Progress is what Grizzly handed to the socket since the last look, so a client that
     * reads slowly keeps its connection and one that reads nothing loses it, however little it has
     * queued. (Bytes still in the kernel's socket buffer cost no heap, and are not seen here.)
     */
    private boolean waitingForClient() throws IOException {
        long queued = connection instanceof NIOConnection nio ? nio.getAsyncWriteQueue().spaceInBytes() : 0;
        if (queued == 0 && pending.isEmpty()) {
            stalledSince = -1;
            lastQueued = 0;
            handedSince = 0;
            return false;
        }
        long now = System.nanoTime();
        boolean drained = lastQueued + handedSince > queued;
        if (stalledSince < 0 || drained) {
            stalledSince = now;
        }
        lastQueued = queued;
        handedSince = 0;
        if (now - stalledSince >= TimeUnit.MILLISECONDS.toNanos(writeTimeoutMillis)) {
            throw stalled();
        }
        return true;
    }

    /** Closes the connection of a client that read nothing for the write timeout, dropping what is queued. */
    private IOException stalled() {
        tooSlow = true; // before the close, whose listeners end the stream at once
        pending.clear();
        connection.terminateSilently();
        return new ClientTooSlowException("client read nothing for " + writeTimeoutMillis + " ms; connection closed");
    }

    /** Grizzly's report on each write: remembers a failure and passes it on (ending a stream is idempotent). */
    private static final class Written extends EmptyCompletionHandler<WriteResult<WritableMessage, SocketAddress>> {

        private final Runnable onFailure;
        private volatile Throwable failure;

        Written(Runnable onFailure) {
            this.onFailure = onFailure;
        }

        @Override
        public void failed(Throwable cause) {
            LOG.log(Level.FINE, "SSE write failed", cause);
            failure = cause;
            onFailure.run();
        }

        @Override
        public void cancelled() {
            failed(new IOException("write cancelled"));
        }

        void throwIfFailed() throws IOException {
            Throwable cause = failure;
            if (cause != null) {
                throw cause instanceof IOException io ? io : new IOException(cause);
            }
        }
    }
}
