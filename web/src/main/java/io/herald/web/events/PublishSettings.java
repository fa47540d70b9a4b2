package io.herald.web.events;

import io.herald.web.settings.ConfigValues;
import org.eclipse.microprofile.config.Config;

/**
 * What a publish may carry.
 *
 * @param maxBodyBytes the largest publish body; larger is 413 ({@code herald.publish.max-bytes}, default 65536)
 */
public record PublishSettings(int maxBodyBytes) {

    public PublishSettings {
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be at least 1");
        }
    }

    /** The key {@code herald.publish.max-bytes}. */
    public static PublishSettings from(Config c) {
        return new PublishSettings(ConfigValues.positive(c, "herald.publish.max-bytes", 65536));
    }
}
