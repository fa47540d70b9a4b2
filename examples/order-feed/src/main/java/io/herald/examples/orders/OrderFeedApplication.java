package io.herald.examples.orders;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/**
 * The application's own JAX-RS application at {@code api/}. Its classes are listed: with an empty
 * list the runtime would scan the whole WAR, Herald's jar included, and serve Herald's resources
 * here too (Herald serves them itself under {@code herald/}).
 */
@ApplicationPath("api")
public class OrderFeedApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(OrderResource.class);
    }
}
