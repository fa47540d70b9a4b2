package io.herald.web.container.grizzly;

import io.herald.web.container.DirectLane;
import java.util.logging.Logger;
import org.glassfish.grizzly.filterchain.Filter;
import org.glassfish.grizzly.filterchain.FilterChain;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.http.server.HttpServerFilter;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * Opens and closes the direct lane on a Grizzly listener: puts a {@link GrizzlyFrontDoor} in the
 * place of the listener's request handling filter (Grizzly's server filter, Payara's way into
 * Catalina), and puts that filter back when the application stops.
 *
 * <p>The listener is found through a request it carries (the chain that request runs on): Payara
 * gives an application no other way to its listeners. The swap is one slot of the chain's list,
 * so requests in flight see either filter, both of which serve them; no index moves (Grizzly keeps
 * per-connection state by filter index).
 */
final class GrizzlyDirectLanes {

    private static final Logger LOG = Logger.getLogger(GrizzlyDirectLanes.class.getName());

    private GrizzlyDirectLanes() {
    }

    /**
     * Opens {@code lane} on the chain that carries {@code containerResponse}'s request.
     *
     * @return what closes it again, or null if that chain has no Grizzly server filter (or is not
     *         reachable from this response)
     */
    static AutoCloseable open(Object containerResponse, DirectLane lane) {
        if (!(containerResponse instanceof Response response)) {
            return null;
        }
        Request request = response.getRequest();
        FilterChainContext ctx = request == null ? null : request.getContext();
        FilterChain chain = ctx == null ? null : ctx.getFilterChain();
        if (chain == null) {
            return null;
        }
        GrizzlyFrontDoor door;
        synchronized (chain) {
            int at = serverFilterIndex(chain);
            if (at < 0) {
                LOG.info("direct lane not opened: the listener's chain has no Grizzly server filter (" + chain + ")");
                return null;
            }
            door = new GrizzlyFrontDoor(chain.get(at), lane, GrizzlyFrontDoor.upgradesTakenBy(chain));
            chain.set(at, door);
        }
        LOG.info("direct lane opened: " + lane + "; a request to upgrade its connection"
                + (door.upgradesTaken().isEmpty() ? "" : " to a protocol other than " + String.join(" or ", door.upgradesTaken()))
                + " is served as the HTTP/1.1 request it also is");
        return () -> close(chain, door);
    }

    /** The index of the request handling filter, or of a door standing in front of it (another application's). */
    private static int serverFilterIndex(FilterChain chain) {
        for (int i = chain.size() - 1; i >= 0; i--) {
            Filter filter = chain.get(i);
            if (filter instanceof HttpServerFilter || filter instanceof GrizzlyFrontDoor) {
                return i;
            }
        }
        return -1;
    }

    private static void close(FilterChain chain, GrizzlyFrontDoor door) {
        door.close(); // whatever still reaches it passes through
        synchronized (chain) {
            int at = chain.indexOf(door);
            if (at >= 0) {
                chain.set(at, door.container());
            }
        }
        LOG.info("direct lane closed");
    }
}
