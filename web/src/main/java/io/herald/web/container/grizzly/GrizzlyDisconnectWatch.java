package io.herald.web.container.grizzly;

import io.herald.web.container.DisconnectWatch;
import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.IOEvent;
import org.glassfish.grizzly.Processor;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.FilterChain;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.nio.NIOConnection;

/**
 * Reads the connection of a suspended request on Grizzly (Payara's HTTP layer) while it waits,
 * so that a client that closes is noticed at once: Grizzly itself stops reading a connection
 * while its request is being processed, suspended ones included, and would see the close only at
 * the answer's write.
 *
 * <p>While watched, the connection is read by a chain of its own (the container's could not take
 * input in the middle of a request, see {@link GrizzlyConnectionTakeover}): end of stream closes
 * the connection and runs {@code onClosed}; bytes sent meanwhile (a pipelined request, which
 * HTTP/1.1 lets a server drop by closing) are dropped and make {@link #stop()} ask for a
 * {@code Connection: close} answer. {@link #stop()} puts the container's processor back and
 * stops reading, as the connection was before, so the container's end of the response resumes
 * reading for the next request on the same connection as usual.
 *
 * <p>Locking: {@code stopped} and {@code sawBytes} are atomic; the selector thread and the
 * answering thread may race only on them.
 */
final class GrizzlyDisconnectWatch implements DisconnectWatch {

    private static final Logger LOG = Logger.getLogger(GrizzlyDisconnectWatch.class.getName());

    private final NIOConnection connection;
    private final Processor<?> containerProcessor;
    private final Connection.CloseListener closeListener;
    /** The watch of a watched connection, for the one reading chain all watched connections share. */
    private static final Attribute<GrizzlyDisconnectWatch> WATCHING =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(GrizzlyDisconnectWatch.class.getName());
    /** Reads only to see the end of the stream; what the client sends meanwhile is dropped. */
    private static final FilterChain READING = GrizzlyDiscardingReads.chain(connection -> {
        GrizzlyDisconnectWatch watch = WATCHING.get(connection);
        if (watch != null) {
            watch.sawBytes();
        } else {
            connection.closeSilently(); // read as the watch ended: the bytes are gone, the client must not wait
        }
    });

    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicBoolean sawBytes = new AtomicBoolean();

    private GrizzlyDisconnectWatch(NIOConnection connection, Runnable onClosed) {
        this.connection = connection;
        this.containerProcessor = connection.getProcessor();
        this.closeListener = (closed, type) -> {
            if (!stopped.get()) {
                onClosed.run();
            }
        };
    }

    /** Watches {@code containerResponse}'s connection; {@link DisconnectWatch#NONE} if it is not a plain Grizzly one. */
    static DisconnectWatch start(Object containerResponse, Runnable onClosed) {
        if (!(containerResponse instanceof Response response)) {
            return DisconnectWatch.NONE;
        }
        return start(response.getResponse(), onClosed);
    }

    /** Watches the connection of {@code packet}'s request, not answered yet; {@link DisconnectWatch#NONE} if it cannot. */
    static DisconnectWatch start(HttpResponsePacket packet, Runnable onClosed) {
        if (packet == null || packet.isCommitted()) {
            return DisconnectWatch.NONE;
        }
        return start(packet.getRequest().getConnection(), onClosed);
    }

    /** Watches {@code connection}, whose request waits unanswered; {@link DisconnectWatch#NONE} if it cannot. */
    static DisconnectWatch start(Connection<?> connection, Runnable onClosed) {
        if (!(connection instanceof NIOConnection nio) || !GrizzlyDiscardingReads.canRead(nio) || !nio.isOpen()) {
            return DisconnectWatch.NONE;
        }
        GrizzlyDisconnectWatch watch = new GrizzlyDisconnectWatch(nio, onClosed);
        nio.addCloseListener(watch.closeListener);
        WATCHING.set(nio, watch);
        nio.setProcessor(READING);
        try {
            nio.enableIOEvent(IOEvent.READ);
        } catch (IOException closed) {
            LOG.log(Level.FINE, "watched connection closed at once", closed);
        }
        return watch;
    }

    @Override
    public boolean stop() {
        if (!stopped.compareAndSet(false, true)) {
            return sawBytes.get();
        }
        connection.removeCloseListener(closeListener);
        try {
            connection.disableIOEvent(IOEvent.READ);
        } catch (IOException | CancelledKeyException closed) {
            // closed meanwhile (its client went, which is often why the wait ended): its selection
            // key is cancelled, and Grizzly asks a cancelled key for its interest without checking
            LOG.log(Level.FINE, "watched connection already closed", closed);
        }
        connection.setProcessor(containerProcessor);
        WATCHING.remove(connection);
        return sawBytes.get();
    }

    /** A byte came while the request waited: the answer must close the connection. */
    private void sawBytes() {
        sawBytes.set(true);
        if (stopped.get()) {
            // read after the answer began but before the container's processor was back: the
            // bytes are gone, so the client must not wait for an answer
            connection.closeSilently();
        }
    }
}
