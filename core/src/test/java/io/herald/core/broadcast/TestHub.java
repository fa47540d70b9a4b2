package io.herald.core.broadcast;

import io.herald.core.config.HeraldConfig;
import io.herald.core.transport.TransportProducer;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/** A real CDI container (Weld SE) holding Herald's core beans, configured by the given keys. */
final class TestHub implements AutoCloseable {

    private final WeldContainer container;
    private final Config config;

    private TestHub(WeldContainer container, Config config) {
        this.container = container;
        this.config = config;
    }

    static TestHub start(Map<String, String> settings) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        ConfigProviderResolver resolver = ConfigProviderResolver.instance();
        resolver.releaseConfig(resolver.getConfig(loader));
        Config config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(settings, "test", 500))
                .addDefaultSources()
                .build();
        resolver.registerConfig(config, loader);
        WeldContainer container = new Weld()
                .disableDiscovery()
                .addBeanClasses(HeraldConfig.class, TransportProducer.class, Broadcaster.class)
                .initialize();
        return new TestHub(container, config);
    }

    HeraldConfig config() {
        return container.select(HeraldConfig.class).get();
    }

    Broadcaster broadcaster() {
        return container.select(Broadcaster.class).get();
    }

    @Override
    public void close() {
        container.shutdown();
        ConfigProviderResolver.instance().releaseConfig(config);
    }
}
