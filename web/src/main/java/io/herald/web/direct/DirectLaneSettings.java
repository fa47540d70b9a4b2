package io.herald.web.direct;

import org.eclipse.microprofile.config.Config;

/**
 * Whether the direct lane may open.
 *
 * @param enabled {@code herald.direct-lane.enabled} (default true): false keeps every request on
 *                the JAX-RS path, on every container
 */
public record DirectLaneSettings(boolean enabled) {

    /** The key {@code herald.direct-lane.enabled}. */
    public static DirectLaneSettings from(Config c) {
        return new DirectLaneSettings(c.getOptionalValue("herald.direct-lane.enabled", Boolean.class).orElse(true));
    }
}
