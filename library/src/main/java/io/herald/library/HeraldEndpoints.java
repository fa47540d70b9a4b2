package io.herald.library;

import io.herald.library.LibrarySettings.Endpoint;
import io.herald.web.HeraldApplication;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Herald's JAX-RS application inside another application's WAR: the classes of the standalone
 * {@link HeraldApplication} (the same list, so both serve the same code), less the demo page and the
 * resources of the endpoints not chosen in {@code herald.library.endpoints}. Resources are told apart by their
 * {@code @Path}, providers (filters, mappers, writers) are always kept.
 *
 * <p>At {@code /herald/*} of the application, so the endpoints are
 * {@code /<context>/herald/topics/{t}/stream} and so on; an application moves them with a
 * {@code servlet-mapping} for the servlet named after this class in its own {@code web.xml}, which
 * wins over {@code @ApplicationPath} (Jakarta REST 3.1, section 2.3.2). This jar's
 * {@code META-INF/web-fragment.xml} puts Herald's servlet filters in front of that servlet.
 */
@ApplicationPath("herald")
public class HeraldEndpoints extends Application {

    private final HeraldApplication herald = new HeraldApplication();
    private final Set<Endpoint> chosen = LibrarySettings.fromConfig().endpoints();

    @Override
    public Set<Class<?>> getClasses() {
        return herald.getClasses().stream()
                .filter(c -> !isDemoPage(c) && endpointOf(c).map(chosen::contains).orElse(true))
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public Map<String, Object> getProperties() {
        return herald.getProperties();
    }

    /** The demo page (at the root) serves the standalone WAR's own files, which a library has not. */
    static boolean isDemoPage(Class<?> type) {
        Path path = type.getAnnotation(Path.class);
        return path != null && path.value().replaceAll("^/+|/+$", "").isEmpty();
    }

    /** The endpoint group a resource class serves, or empty for a provider. */
    static Optional<Endpoint> endpointOf(Class<?> type) {
        Path path = type.getAnnotation(Path.class);
        if (path == null) {
            return Optional.empty();
        }
        String p = path.value().replaceAll("^/+|/+$", "");
        if (p.equals("stream") || p.endsWith("/stream")) {
            return Optional.of(Endpoint.STREAM);
        }
        if (p.endsWith("/poll")) {
            return Optional.of(Endpoint.POLL);
        }
        if (p.endsWith("/events")) {
            return Optional.of(Endpoint.EVENTS);
        }
        if (p.startsWith("topics/")) {
            return Optional.of(Endpoint.INFO);
        }
        throw new IllegalStateException("Herald resource " + type.getName() + " at @Path(\"" + path.value()
                + "\") belongs to no endpoint of herald.library.endpoints");
    }
}
