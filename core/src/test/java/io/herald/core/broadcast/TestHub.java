package io.herald.core.broadcast;

import io.herald.core.config.CoreSettings;
import io.herald.core.transport.TransportProducer;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/**
 * Real CDI containers (Weld SE) holding Herald's core beans, configured by the given keys. One
 * container is one node; {@link #addNode()} starts another with the same configuration (two nodes
 * on one Redis), {@link #restart(int)} replaces one by a fresh container (a process restart).
 */
public final class TestHub implements AutoCloseable {

    private final List<WeldContainer> containers = new ArrayList<>();
    private final Config config;

    private TestHub(Config config) {
        this.config = config;
    }

    public static TestHub start(Map<String, String> settings) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        ConfigProviderResolver resolver = ConfigProviderResolver.instance();
        resolver.releaseConfig(resolver.getConfig(loader));
        Config config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(settings, "test", 500))
                .addDefaultSources()
                .build();
        resolver.registerConfig(config, loader);
        TestHub hub = new TestHub(config);
        hub.addNode();
        return hub;
    }

    /** Starts one more node with the same configuration; returns its index. */
    public int addNode() {
        containers.add(container());
        return containers.size() - 1;
    }

    /** Shuts node {@code index} down and starts a fresh one in its place (its memory is gone). */
    public Broadcaster restart(int index) {
        containers.get(index).shutdown();
        containers.set(index, container());
        return broadcaster(index);
    }

    public Broadcaster broadcaster() {
        return broadcaster(0);
    }

    /** The first node's hub settings. */
    public HubSettings config() {
        return containers.get(0).select(HubSettings.class).get();
    }

    public Broadcaster broadcaster(int index) {
        return containers.get(index).select(Broadcaster.class).get();
    }

    private static WeldContainer container() {
        return new Weld("node-" + UUID.randomUUID())
                .disableDiscovery()
                .addBeanClasses(CoreSettings.class, TransportProducer.class, Broadcaster.class)
                .initialize();
    }

    @Override
    public void close() {
        for (WeldContainer c : containers) {
            if (c.isRunning()) {
                c.shutdown();
            }
        }
        ConfigProviderResolver.instance().releaseConfig(config);
    }
}
