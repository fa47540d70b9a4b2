package io.herald.web.stream;

import jakarta.servlet.http.HttpServletResponse;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Notices that the client of a waiting (suspended) request closed its connection, so that what
 * the request holds (a long-poll's place and its per-client slot) is given back at once rather
 * than at its timeout. The servlet API has no such notice: a container learns of a closed
 * connection only when it next writes to it, and a waiting poll writes nothing until it answers.
 *
 * <p>On Payara (Grizzly) the connection is read while the request waits ({@link GrizzlyDisconnectWatch});
 * elsewhere {@link #watch} watches nothing and a poll whose client went keeps its place until its
 * timeout, as the README says.
 */
public final class ClientDisconnects {

    private static final Logger LOG = Logger.getLogger(ClientDisconnects.class.getName());

    /** A watch that sees nothing: where the container's connection cannot be reached. */
    public static final Watch NONE = () -> false;

    private ClientDisconnects() {
    }

    /** One request's watch on its connection. */
    @FunctionalInterface
    public interface Watch {
        /**
         * Stops watching; call it before the request is answered, on every path. Idempotent.
         *
         * @return true if the client sent bytes while its request waited (a request pipelined
         *         behind this one, which was dropped): the answer must then close the connection,
         *         so the client sends that request again on a new one
         */
        boolean stop();
    }

    /**
     * Starts watching the connection of {@code response}'s request, which is about to wait.
     *
     * @param onClosed run once if the client closes its connection before {@link Watch#stop()}
     */
    public static Watch watch(HttpServletResponse response, Runnable onClosed) {
        Object container = GrizzlyResponses.containerResponse(response);
        if (container == null) {
            return NONE;
        }
        try {
            return GrizzlyDisconnectWatch.start(container, onClosed);
        } catch (LinkageError noGrizzly) {
            LOG.log(Level.FINE, "Grizzly is not visible to the application; waiting polls are not watched", noGrizzly);
            return NONE;
        }
    }
}
