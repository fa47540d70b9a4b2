package io.herald.library;

import io.herald.library.LibrarySettings.Endpoint;
import io.herald.web.HeraldApplication;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Herald's JAX-RS application inside another application's WAR: the classes of the standalone
 * {@link HeraldApplication} (the same list, so both serve the same code), less the resources of the
 * endpoints not chosen in {@code herald.library.endpoints}. Resources are told apart by their
 * {@code @Path}, providers (filters, mappers, writers) are always kept.
 *
 * <p>Mounted by this jar's {@code META-INF/web-fragment.xml} as a servlet named after this class at
 * {@code /herald/*}, so the endpoints are {@code /<context>/herald/topics/{t}/stream} and so on; an
 * application moves them with a {@code servlet-mapping} for the same servlet name in its own
 * {@code web.xml}, which replaces the fragment's (Servlet 6.0, section 8.2.3).
 */
public class HeraldEndpoints extends Application {

    private final HeraldApplication herald = new HeraldApplication();
    private final Set<Endpoint> chosen = LibrarySettings.fromConfig().endpoints();

    @Override
    public Set<Class<?>> getClasses() {
        return herald.getClasses().stream()
                .filter(c -> endpointOf(c).map(chosen::contains).orElse(true))
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public Map<String, Object> getProperties() {
        return herald.getProperties();
    }

    /** The endpoint group a resource class serves, or empty for a provider. */
    static Optional<Endpoint> endpointOf(Class<?> type) {
        Path path = type.getAnnotation(Path.class);
        if (path == null) {
            return Optional.empty();
        }
        String p = path.value().replaceAll("^/+|/+$", "");
        if (p.isEmpty()) {
            return Optional.of(Endpoint.DEMO);
        }
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
