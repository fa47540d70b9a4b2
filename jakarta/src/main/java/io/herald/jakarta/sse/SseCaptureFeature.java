package io.herald.jakarta.sse;

import jakarta.ws.rs.ConstrainedTo;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;

/**
 * Registers {@link SseCapture} in every JAX-RS application of the deployment. Listed in
 * {@code META-INF/services/jakarta.ws.rs.core.Feature}, which Jakarta REST 3.1 runtimes load unless
 * {@code jakarta.ws.rs.loadServices} is false; an application can also register it itself.
 */
@ConstrainedTo(RuntimeType.SERVER)
public class SseCaptureFeature implements Feature {

    @Override
    public boolean configure(FeatureContext context) {
        context.register(SseCapture.class);
        return true;
    }
}
