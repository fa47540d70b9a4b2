package io.herald.core.config;

import io.herald.core.broadcast.HubSettings;
import io.herald.core.transport.TransportSettings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Reads core's settings records from MicroProfile Config (system properties, environment,
 * {@code META-INF/microprofile-config.properties}) once, when the application starts, so a bad
 * value fails start-up with a message naming its key; then hands each record to whoever injects
 * it. Each record's {@code from(Config)} is the only code that reads its keys.
 */
@ApplicationScoped
public class CoreSettings {

    private HubSettings hub;
    private TransportSettings transport;

    @PostConstruct
    void load() {
        Config c = ConfigProvider.getConfig();
        hub = HubSettings.from(c);
        transport = TransportSettings.from(c);
    }

    /** Reads the settings as the application starts (observing this makes the bean eager). */
    void validateAtStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // nothing to do: being notified creates the bean, whose @PostConstruct reads and checks every key
    }

    // Records are final, so they cannot be proxied: each is produced @Dependent, the same immutable
    // instance every time.

    @Produces
    @Dependent
    HubSettings hub() {
        return hub;
    }

    @Produces
    @Dependent
    TransportSettings transport() {
        return transport;
    }
}
