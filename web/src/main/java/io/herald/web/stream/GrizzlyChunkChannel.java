package io.herald.web.stream;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * close}, set by {@link StreamHandoffFilter}), qualifies ({@link #of}); anything else keeps the
 * servlet stream. The headers and the first frame went through JAX-RS. Then, where the listener
 * keeps connections alive (Payara's default), the channel takes the connection over
 * ({@link GrizzlyConnectionTakeover}): the container ends the request at once, writing nothing,
 * and this channel alone writes the rest, the last chunk included ({@link #close}). Otherwise the
 * response stays the container's, which writes the last chunk through its own path when the
 * stream ends; a chunk written after that hits a closed connection, never the next response.
 *
 * <p>Writes never block: Grizzly writes at once when the socket takes the bytes and queues them
 * otherwise. A flush waits only while more than the connection's queue limit is queued (a client
 * that stopped reading), for at most the connection's write timeout; then it closes the
 * connection and fails, as a blocked container write would. An idle stream finds such a client
 * through its keepalives ({@link #backedUp()}). The close is immediate: Grizzly's graceful close
 * would wait for the queue to drain, which a client that reads nothing never lets happen.
 *
 * <p>Locking: used under the owning stream's write lock; {@code failure} is set by Grizzly's
 * threads and is volatile.
 */
final class GrizzlyChunkChannel implements RawChannel {

    private static final Logger LOG = Logger.getLogger(GrizzlyChunkChannel.class.getName());
    /** Used when the connection has no write timeout of its own. */
    private static final long DEFAULT_WRITE_TIMEOUT_MILLIS = 30_000;
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Connection<SocketAddress> connection;
    private final Writer<SocketAddress> writer;
    private final long writeTimeoutMillis;
    /** When {@link #backedUp()} first saw the queue over its limit, or -1 when it was not. */
    private long backedUpSince = -1;
    private final Written written;
    /** Frames taken since the last flush; usually one. */
    private final List<SseFrame> pending = new ArrayList<>(2);
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
    static RawChannel of(Object containerResponse, Runnable onFailure) {
        if (!(containerResponse instanceof Response response)) {
            return null;
        }
        HttpResponsePacket packet = response.getResponse();
        if (packet == null || !packet.isCommitted() || !packet.isChunked() || !packet.getContentEncodings().isEmpty()
                || packet.getProcessingState().isKeepAlive()
                || response.getRequest().isSecure() || response.getOutputBuffer().getBufferedDataSize() > 0) {
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
        return new GrizzlyChunkChannel(connection, writer, onFailure, taken);
    }

    @Override
    public boolean ownsConnection() {
        return ownsConnection;
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
    public void flush() throws IOException {
        if (pending.isEmpty()) {
            return;
        }
        byte[] chunk = pending.size() == 1 ? pending.get(0).chunkBytes() : SseFrame.chunkOf(pending);
        pending.clear();
        written.throwIfFailed();
        if (!connection.isOpen()) {
            throw new IOException("connection closed");
        }
        awaitWritable();
        // A wrapper of its own per write: Grizzly moves its position. The shared array is only read.
        writer.write(connection, HeapBuffer.wrap(chunk), written);
        written.throwIfFailed(); // a write that failed at once is reported before write returns
    }

    @Override
    public boolean backedUp() throws IOException {
        if (writer.canWrite(connection)) {
            backedUpSince = -1;
            return false;
        }
        long now = System.nanoTime();
        if (backedUpSince < 0) {
            backedUpSince = now;
        } else if (now - backedUpSince >= TimeUnit.MILLISECONDS.toNanos(writeTimeoutMillis)) {
            throw stalled();
        }
        return true;
    }

    /** Closes the connection of a client that read nothing for the write timeout, dropping what is queued. */
    private IOException stalled() {
        connection.terminateSilently();
        return new IOException("client read nothing for " + writeTimeoutMillis + " ms; connection closed");
    }

    /** Waits while more than the connection's queue limit is queued; closes the connection after the write timeout. */
    private void awaitWritable() throws IOException {
        if (writer.canWrite(connection)) {
            return;
        }
        CompletableFuture<Void> writable = new CompletableFuture<>();
        writer.notifyWritePossible(connection, new WriteHandler() {
            @Override
            public void onWritePossible() {
                writable.complete(null);
            }

            @Override
            public void onError(Throwable failure) {
                writable.completeExceptionally(failure);
            }
        });
        try {
            writable.get(writeTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException timedOut) {
            throw stalled();
        } catch (ExecutionException failed) {
            throw new IOException("connection failed", failed.getCause());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the client was not reading");
        }
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
