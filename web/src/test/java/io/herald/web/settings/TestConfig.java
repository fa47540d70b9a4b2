package io.herald.web.settings;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.eclipse.microprofile.config.Config;

/** A real MicroProfile Config (SmallRye's) holding only the given keys, for tests of the settings records. */
public final class TestConfig {

    private TestConfig() {
    }

    public static Config of(Map<String, String> values) {
        return new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(values, "test", 500)).build();
    }

    public static Config empty() {
        return of(Map.of());
    }
}
