package io.herald.jakarta.sse;

import io.herald.web.sse.SseFrameWriter;
import io.herald.web.stream.StreamHeadersFilter;
import jakarta.ws.rs.ConstrainedTo;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.core.Configuration;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;

/**
 * Lets every JAX-RS application of the deployment write Herald's streams: a sink registered with a
 * Herald-backed {@code SseBroadcaster} is written through by Herald's stream code until (and where
 * no) handoff takes over, with Herald's pre-framed {@link io.herald.web.sse.SseFrame}s, which need
 * Herald's writer ({@link SseFrameWriter}; the runtime's own {@code OutboundSseEvent} writer knows
 * only its own event class). Also adds Herald's stream headers ({@link StreamHeadersFilter}:
 * no caching, no proxy buffering), which act on {@code text/event-stream} responses only.
 *
 * <p>Listed in {@code META-INF/services/jakarta.ws.rs.core.Feature}, which Jakarta REST 3.1
 * runtimes load unless {@code jakarta.ws.rs.loadServices} is false; an application can also
 * register it itself. Herald's own application registers both already: nothing is added twice.
 */
@ConstrainedTo(RuntimeType.SERVER)
public class HeraldSseFeature implements Feature {

    @Override
    public boolean configure(FeatureContext context) {
        Configuration registered = context.getConfiguration();
        if (!registered.isRegistered(SseFrameWriter.class)) {
            context.register(SseFrameWriter.class);
        }
        if (!registered.isRegistered(StreamHeadersFilter.class)) {
            context.register(StreamHeadersFilter.class);
        }
        return true;
    }
}
