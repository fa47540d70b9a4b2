package io.herald.web.direct;

import io.herald.web.beans.ApplicationScopedInstances;
import io.herald.web.container.Containers;
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
 * application serves under {@code /topics/*} (a container gives no other way to its listeners),
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
        pending = settings.enabled();
        routes.contextPath(getServletContext().getContextPath());
        LOG.info(pending
                ? "direct lane: on; opens with the first request where the container allows it (" + Containers.current().name() + ")"
                : "direct lane: off (herald.direct-lane.enabled=false); every request takes the JAX-RS path");
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
        lane = Containers.current().openDirectLane(response, ApplicationScopedInstances.of(beans, routes, DirectRoutes.class));
        if (lane == null) {
            LOG.info("direct lane: this container (" + Containers.current().name()
                    + ") does not allow it; every request takes the JAX-RS path");
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
