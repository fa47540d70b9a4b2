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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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
        Containers.current().ownListener().ifPresent(listener -> knockOnce(listener.resolve(
                getServletContext().getContextPath().isEmpty() ? "/" : getServletContext().getContextPath() + "/")));
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

    /**
     * Sends the application one request on its own listener as soon as it answers, so that the
     * lane (and the door below the container, which also refuses what the container cannot decode
     * or frame) opens before the first client's request rather than with it: a client's first
     * request, if it were one of those, would otherwise meet the container alone. On a thread of
     * its own, every tenth of a second until the lane has been tried or two minutes passed; the
     * answer itself does not matter.
     */
    private void knockOnce(URI target) {
        Thread knocker = new Thread(() -> {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2)).build();
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (pending && System.nanoTime() < deadline) {
                try {
                    try {
                        client.send(HttpRequest.newBuilder(target).method("HEAD", HttpRequest.BodyPublishers.noBody())
                                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                    } catch (IOException notListeningYet) {
                        // tried again below
                    }
                    if (pending) {
                        Thread.sleep(100); // answered, or refused, before the application was deployed
                    }
                } catch (InterruptedException stopped) {
                    return;
                }
            }
        }, "herald-direct-lane-knock");
        knocker.setDaemon(true);
        knocker.start();
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
