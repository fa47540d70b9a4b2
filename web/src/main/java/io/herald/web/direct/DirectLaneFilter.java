package io.herald.web.direct;

import io.herald.web.beans.ApplicationScopedInstances;
import io.herald.web.container.Containers;
import io.herald.web.container.DirectAnswer;
import io.herald.web.container.DirectExchange;
import io.herald.web.container.DirectLane;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Opens the direct lane ({@link DirectRoutes}) on the listener of the first request the
 * application serves (a container gives no other way to its listeners),
 * and closes it when the application stops. The choice is made once, at start-up, and said in one
 * log line: on where {@code herald.direct-lane.enabled} allows it; whether the container can is
 * known at the first request, which says so once too. Requests themselves pass through untouched.
 *
 * <p>Only the Herald WAR maps it (its {@code web.xml}); in library mode the application's own
 * filters and paths make the lane's one reading of a request unsafe, so it stays off there.
 */
public class DirectLaneFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(DirectLaneFilter.class.getName());

    @Inject
    transient DirectRoutes routes;

    @Inject
    transient DirectLaneSettings settings;

    @Inject
    transient BeanManager beans;

    /** Whether opening is still to be tried; cleared by the first try, whatever it gives. */
    private volatile boolean pending;
    private transient volatile AutoCloseable lane;

    @Override
    public void init() {
        pending = true;
        routes.contextPath(getServletContext().getContextPath());
        LOG.info(settings.enabled()
                ? "direct lane: on; opens with the first request where the container allows it (" + Containers.current().name() + ")"
                : "direct lane: off (herald.direct-lane.enabled=false); every request takes the JAX-RS path (where the"
                        + " container allows, paths it cannot decode are still refused below it)");
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (pending) {
            open(response);
        }
        chain.doFilter(request, response);
    }

    private synchronized void open(HttpServletResponse response) {
        if (!pending) {
            return;
        }
        pending = false;
        // the listener offers it every request: the instance, not its client proxy
        DirectRoutes instance = ApplicationScopedInstances.of(beans, routes, DirectRoutes.class);
        lane = Containers.current().openDirectLane(response, settings.enabled() ? instance : new DecliningLane(instance));
        if (lane == null) {
            LOG.info("direct lane: this container (" + Containers.current().name()
                    + ") does not allow it; every request takes the JAX-RS path");
        }
    }

    /**
     * The lane when it is off: every request is declined to the container, so it takes the JAX-RS
     * path; what the container cannot decode (an empty 200 from Catalina) is still refused.
     */
    record DecliningLane(DirectLane routes) implements DirectLane {
        @Override
        public boolean offer(DirectExchange exchange) {
            return false;
        }

        @Override
        public DirectAnswer unreadableTarget() {
            return routes.unreadableTarget();
        }

        /** What the log line of its opening says. */
        @Override
        public String toString() {
            return "every request is declined to the container (herald.direct-lane.enabled=false); only paths it cannot"
                    + " decode are answered below it";
        }
    }

    @Override
    public void destroy() {
        AutoCloseable open = lane;
        lane = null;
        if (open != null) {
            try {
                open.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "closing the direct lane failed", e);
            }
        }
    }
}
