package io.herald.web.container.grizzly;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.IOEvent;
import org.glassfish.grizzly.Processor;
import org.glassfish.grizzly.filterchain.Filter;
import org.glassfish.grizzly.filterchain.FilterChain;
import org.glassfish.grizzly.http.HttpContext;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.nio.NIOConnection;
import org.glassfish.grizzly.utils.IdleTimeoutFilter;

/**
 * Takes an answered event stream's connection over from Grizzly (Payara's HTTP layer): the
 * container then ends the request at once and drops everything it kept for it, while the
 * connection stays open for the stream's chunks ({@link GrizzlyChunkChannel}).
 *
 * <p>Why: for as long as a request is suspended, Payara, Grizzly and Jersey keep its parsed
 * headers, request and response objects and JAX-RS request context, several times the heap an
 * idle stream holds once its connection is taken over (measured in bench/PROFILE.md).
 *
 * <p>What it changes, before the container ends the response:
 * <ul>
 * <li>the response expects no more content, so the container's end of it writes nothing (the
 *     channel writes the last chunk when the stream ends);</li>
 * <li>it is marked keep-alive, so the container's end of it does not close the connection, and
 *     the connection's keep-alive context is dropped, so no keep-alive idle timer closes it
 *     later;</li>
 * <li>the request is marked broken, so the container takes nothing more on this connection
 *     for a request: a request pipelined behind the stream's is never answered inside the stream
 *     (the response said {@code Connection: close});</li>
 * <li>the connection's idle timeout, if it has one, is lifted;</li>
 * <li>the connection is read again, by a chain of its own that drops what the client sends, so
 *     a client that closes its end is noticed at once ({@code onClosed}), not at the next
 *     write.</li>
 * </ul>
 *
 * <p>Only where the listener keeps connections alive (its keep-alive context is there): with
 * keep-alive off, the container's end of the response closes the connection whatever it is told,
 * and the stream stays a suspended request that the channel writes around. (A stream request
 * with a body would be closed the same way; Payara refuses a GET with a body with 400 first.)
 */
final class GrizzlyConnectionTakeover {

    private static final Logger LOG = Logger.getLogger(GrizzlyConnectionTakeover.class.getName());
    /** Grizzly's {@code HttpServerFilter} keeps this attribute on the HTTP context iff keep-alive is on. */
    static final String KEEP_ALIVE_CONTEXT = "HttpServerFilter.KeepAliveContext";

    /**
     * Reads a taken-over connection from then on, only to drop what comes and see the close. Not
     * the container's chain: that one may hold a request pipelined behind the stream's, which it
     * fails to join with new input (a {@code ClassCastException} in Grizzly's
     * {@code DefaultFilterChain}, closing the connection).
     */
    private static final FilterChain DISCARDING_READS = GrizzlyDiscardingReads.chain(connection -> { });

    private GrizzlyConnectionTakeover() {
    }

    /**
     * Takes {@code connection} over from {@code response}'s request, if its listener allows.
     * Call it while the request is still suspended, before the container ends the response.
     *
     * @param onClosed run once the connection closes, whoever closes it
     * @return false if nothing was changed (keep-alive is off)
     */
    static boolean takeOver(HttpResponsePacket response, Connection<?> connection, Runnable onClosed) {
        if (!canTakeOver(response) || !(connection instanceof NIOConnection nio)) {
            return false;
        }
        HttpContext http = response.getProcessingState().getHttpContext();
        response.setExpectContent(false);
        response.getProcessingState().setKeepAlive(true);
        http.getAttributes().removeAttribute(KEEP_ALIVE_CONTEXT);
        response.getRequest().setContentBroken(true);
        IdleTimeoutFilter idle = idleTimeoutFilterOf(connection.getProcessor());
        if (idle != null) {
            IdleTimeoutFilter.setCustomTimeout(connection, IdleTimeoutFilter.FOREVER, TimeUnit.MILLISECONDS);
        }
        connection.setProcessor(DISCARDING_READS);
        connection.addCloseListener((Connection.CloseListener) (closed, type) -> {
            if (idle != null) {
                idle.getResolver().removeTimeout(closed); // its own close handling no longer runs: it would keep the connection
            }
            onClosed.run();
        });
        try {
            nio.enableIOEvent(IOEvent.READ);
        } catch (IOException closed) {
            LOG.log(Level.FINE, "taken-over connection closed at once", closed);
        }
        return true;
    }

    /** Whether {@link #takeOver} would take {@code response}'s connection (its listener keeps connections alive). */
    static boolean canTakeOver(HttpResponsePacket response) {
        HttpContext http = response.getProcessingState().getHttpContext();
        return http != null && http.getAttributes().getAttribute(KEEP_ALIVE_CONTEXT) != null
                && GrizzlyDiscardingReads.canRead(response.getRequest().getConnection());
    }

    private static IdleTimeoutFilter idleTimeoutFilterOf(Processor<?> processor) {
        if (processor instanceof FilterChain chain) {
            for (Filter filter : chain) {
                if (filter instanceof IdleTimeoutFilter idle) {
                    return idle;
                }
            }
        }
        return null;
    }
}
