package io.herald.web.container.grizzly;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChain;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.nio.NIOConnection;

/**
 * The reading chain of a connection that is read only to see its client go away (a taken-over
 * stream's, {@link GrizzlyConnectionTakeover}; a waiting poll's, {@link GrizzlyDisconnectWatch}):
 * what the client sends is dropped, and {@code onBytes} is told on which connection it came; end
 * of stream or a reset closes the connection at once through Grizzly ({@code terminateSilently}), so
 * its close listeners run.
 *
 * <p>Why it reads the socket itself rather than through Grizzly's transport filter: nearly every
 * read here is the last one, the client's close, and Grizzly turns each into an exception of its
 * own, thrown through the chain, which builds a localized log message for it whether or not it is
 * logged. In a reconnect storm that was a large part of what each reset allocated on the thread
 * that also serves the clients' new requests (bench/PROFILE.md). Dropping bytes and seeing the end
 * need no buffer from Grizzly and no parsing; anything else a filter chain does (writes, closing)
 * stays Grizzly's.
 *
 * <p>Locking: none; a connection's reads run on one thread at a time (Grizzly's selector), and the
 * scratch buffer is that thread's own.
 */
final class GrizzlyDiscardingReads extends BaseFilter {

    /** Reads per read event, at most: a client that keeps sending must not hold the selector thread. */
    private static final int MAX_READS_PER_EVENT = 16;
    private static final int SCRATCH_BYTES = 4096;
    private static final ThreadLocal<ByteBuffer> SCRATCH = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(SCRATCH_BYTES));

    private final Consumer<Connection<?>> onBytes;

    private GrizzlyDiscardingReads(Consumer<Connection<?>> onBytes) {
        this.onBytes = onBytes;
    }

    /**
     * A chain that reads a connection only to see it close; one chain serves every connection, each
     * of which must pass {@link #canRead}.
     *
     * @param onBytes told, on the reading thread, of each connection whose client sent bytes
     */
    static FilterChain chain(Consumer<Connection<?>> onBytes) {
        return FilterChainBuilder.stateless()
                .add(new GrizzlyDiscardingReads(onBytes))
                .build();
    }

    /** Whether {@code connection} can be given this chain: a TCP connection of Grizzly's NIO transport. */
    static boolean canRead(Connection<?> connection) {
        return connection instanceof NIOConnection nio && nio.getChannel() instanceof SocketChannel;
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        Connection<?> connection = ctx.getConnection();
        SocketChannel socket = (SocketChannel) ((NIOConnection) connection).getChannel(); // see canRead
        ByteBuffer scratch = SCRATCH.get();
        boolean sawBytes = false;
        int read = 0;
        try {
            for (int i = 0; i < MAX_READS_PER_EVENT; i++) {
                scratch.clear();
                read = socket.read(scratch);
                if (read <= 0) {
                    break;
                }
                sawBytes = true;
            }
        } catch (IOException reset) {
            read = -1; // a reset: the client is gone as surely as at end of stream
        }
        if (sawBytes) {
            onBytes.accept(connection);
        }
        if (read < 0) {
            // at once, as Grizzly's own read does: a graceful close would first queue an empty write
            connection.terminateSilently();
        }
        return ctx.getStopAction();
    }
}
