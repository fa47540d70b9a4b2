package io.herald.web.stream;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.IOEvent;
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
 * headers, request and response objects and JAX-RS request context: about 25 KiB of heap per
 * idle stream, against about 3 KiB once the connection is taken over (bench/PROFILE.md).
 *
 * <p>What it changes, before the container ends the response:
 * <ul>
 * <li>the response expects no more content, so the container's end of it writes nothing (the
 *     channel writes the last chunk when the stream ends);</li>
 * <li>it is marked keep-alive, so the container's end of it does not close the connection, and
 *     the connection's keep-alive context is dropped, so no keep-alive idle timer closes it
 *     later;</li>
 * <li>the request is marked broken, so Grizzly takes nothing more on this connection for a
 *     request: what the client sends from now on is read and dropped, and a request pipelined
 *     behind the stream's is never answered inside the stream (the response said
 *     {@code Connection: close});</li>
 * <li>the connection's idle timeout, if it has one, is lifted;</li>
 * <li>the connection is read again, so a client that closes its end is noticed at once
 *     ({@code onClosed}), not at the next write.</li>
 * </ul>
 *
 * <p>Only where the listener keeps connections alive (its keep-alive context is there): with
 * keep-alive off, the container's end of the response closes the connection whatever it is told,
 * and the stream stays a suspended request that the channel writes around.
 */
final class GrizzlyConnectionTakeover {

    private static final Logger LOG = Logger.getLogger(GrizzlyConnectionTakeover.class.getName());
    /** Grizzly's {@code HttpServerFilter} keeps this attribute on the HTTP context iff keep-alive is on. */
    static final String KEEP_ALIVE_CONTEXT = "HttpServerFilter.KeepAliveContext";

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
        HttpContext http = response.getProcessingState().getHttpContext();
        if (http == null || http.getAttributes().getAttribute(KEEP_ALIVE_CONTEXT) == null
                || !(connection instanceof NIOConnection nio)) {
            return false;
        }
        response.setExpectContent(false);
        response.getProcessingState().setKeepAlive(true);
        http.getAttributes().removeAttribute(KEEP_ALIVE_CONTEXT);
        response.getRequest().setContentBroken(true);
        if (connection.getAttributes().getAttribute(IdleTimeoutFilter.IDLE_ATTRIBUTE_NAME) != null) {
            IdleTimeoutFilter.setCustomTimeout(connection, IdleTimeoutFilter.FOREVER, TimeUnit.MILLISECONDS);
        }
        connection.addCloseListener((Connection.CloseListener) (closed, type) -> onClosed.run());
        try {
            nio.enableIOEvent(IOEvent.READ);
        } catch (IOException closed) {
            LOG.log(Level.FINE, "taken-over connection closed at once", closed);
        }
        return true;
    }
}
