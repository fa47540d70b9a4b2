package io.herald.web.container.grizzly;

import io.herald.web.container.ContainerSupport;
import io.herald.web.container.DirectLane;
import io.herald.web.container.DisconnectWatch;
import io.herald.web.container.FrameChannel;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.util.Optional;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * {@link ContainerSupport} on Payara (Catalina's servlet layer over Grizzly): reaches Grizzly's
 * response behind the servlet response ({@link GrizzlyResponses}) and hands it to the class that
 * does each job. Where Payara's facade is not found (a wrapper it cannot see through, changed
 * internals) every answer is the portable "cannot".
 *
 * <p>Listed in {@code META-INF/services/io.herald.web.container.ContainerSupport} and created
 * only through that lookup; its constructor refuses where Grizzly is not visible to the
 * application (every other container), so the lookup falls back to the portable path.
 */
public final class GrizzlyContainer implements ContainerSupport {

    /** The class whose absence means: not Payara's Grizzly. */
    private static final String GRIZZLY_RESPONSE = "org.glassfish.grizzly.http.server.Response";

    /** @throws ClassNotFoundException where Grizzly is not visible to the application */
    public GrizzlyContainer() throws ClassNotFoundException {
        Class.forName(GRIZZLY_RESPONSE, false, GrizzlyContainer.class.getClassLoader());
    }

    @Override
    public String name() {
        return "Grizzly";
    }

    @Override
    public void prepareStream(HttpServletResponse response) {
        GrizzlyResponses.shrinkBuffer(response, GrizzlyResponses.STREAM_BUFFER_SIZE);
    }

    @Override
    public FrameChannel takeOverStream(HttpServletResponse response, Runnable onFailure) {
        Object container = GrizzlyResponses.containerResponse(response);
        return container == null ? null : GrizzlyChunkChannel.of(container, onFailure);
    }

    @Override
    public DisconnectWatch watchForClose(HttpServletResponse response, Runnable onClosed) {
        Object container = GrizzlyResponses.containerResponse(response);
        return container == null ? DisconnectWatch.NONE : GrizzlyDisconnectWatch.start(container, onClosed);
    }

    @Override
    public IntConsumer reasonPhrases(HttpServletResponse response, IntFunction<String> phrases) {
        Object container = GrizzlyResponses.containerResponse(response);
        return container == null ? null : GrizzlyStatusLines.phraseSetter(container, phrases);
    }

    @Override
    public AutoCloseable openDirectLane(HttpServletResponse response, DirectLane lane) {
        Object container = GrizzlyResponses.containerResponse(response);
        return container == null ? null : GrizzlyDirectLanes.open(container, lane);
    }

    /**
     * Payara reports its HTTP listener as MicroProfile Config values ({@code payara.instance.http.port},
     * {@code payara.instance.http.address}); a wildcard address is reached on the loopback.
     */
    @Override
    public Optional<URI> ownListener() {
        Config config = ConfigProvider.getConfig(GrizzlyContainer.class.getClassLoader());
        Optional<Integer> port = config.getOptionalValue("payara.instance.http.port", Integer.class).filter(p -> p > 0);
        if (port.isEmpty() || !config.getOptionalValue("payara.instance.http.enabled", Boolean.class).orElse(true)) {
            return Optional.empty();
        }
        String address = config.getOptionalValue("payara.instance.http.address", String.class)
                .filter(a -> !a.isBlank() && !a.equals("0.0.0.0") && !a.equals("::") && !a.equals("[::]")).orElse("127.0.0.1");
        String host = address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address;
        return Optional.of(URI.create("http://" + host + ":" + port.get() + "/"));
    }
}
