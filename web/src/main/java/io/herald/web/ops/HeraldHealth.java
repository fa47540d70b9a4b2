package io.herald.web.ops;

import io.herald.api.Hub;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * MicroProfile Health checks, served by Payara at {@code /health/live} and {@code /health/ready}
 * ({@code /health} for both). Live: the application is deployed and its hub runs. Ready: the
 * transport can store and read events (always in memory; a PING within the command timeout with
 * Redis), and the server is not shutting down.
 */
@ApplicationScoped
public class HeraldHealth {

    @Inject
    Hub hub;

    @Produces
    @Liveness
    HealthCheck live() {
        return () -> HealthCheckResponse.named("herald")
                .up()
                .withData("streams", hub.status().openStreams())
                .withData("polls", hub.status().waitingPolls())
                .build();
    }

    @Produces
    @Readiness
    HealthCheck ready() {
        return () -> HealthCheckResponse.named("herald-transport")
                .status(hub.isAvailable())
                .build();
    }
}
