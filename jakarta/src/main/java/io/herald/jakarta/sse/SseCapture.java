package io.herald.jakarta.sse;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.sse.Sse;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps the JAX-RS runtime's {@link Sse}, the only portable maker of {@code OutboundSseEvent}s that
 * every runtime's sinks can write: {@code Sse} is injectable into resources and providers only, not
 * into CDI beans, so this request filter (registered by {@link SseCaptureFeature}, which JAX-RS 3.1
 * runtimes load through {@code META-INF/services}) takes it from the first request. A sink is only
 * ever registered by a request, so it is there by then.
 *
 * <p>Held statically: one per application class loader, i.e. per application.
 */
public class SseCapture implements ContainerRequestFilter {

    private static final AtomicReference<Sse> SSE = new AtomicReference<>();

    @Context
    Sse sse;

    @Override
    public void filter(ContainerRequestContext request) {
        if (SSE.get() == null && sse != null) {
            SSE.compareAndSet(null, sse);
        }
    }

    /**
     * The runtime's {@code Sse}.
     *
     * @throws IllegalStateException if no request passed the filter yet: the JAX-RS runtime did not
     *                               load {@link SseCaptureFeature} (service loading switched off)
     */
    static Sse sse() {
        Sse found = SSE.get();
        if (found == null) {
            throw new IllegalStateException("Herald has no jakarta.ws.rs.sse.Sse yet: register "
                    + SseCaptureFeature.class.getName() + " (or " + SseCapture.class.getName()
                    + ") in your jakarta.ws.rs.core.Application, or leave jakarta.ws.rs.loadServices on");
        }
        return found;
    }
}
