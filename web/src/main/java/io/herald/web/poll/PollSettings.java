package io.herald.web.poll;

import io.herald.web.settings.ConfigValues;
import java.time.Duration;
import java.util.Objects;
import org.eclipse.microprofile.config.Config;

/**
 * How long a long-poll waits.
 *
 * @param defaultTimeout the wait when the request gives no {@code timeout}
 *                       ({@code herald.poll.default-timeout-seconds}, default 25)
 * @param maxTimeout     the longest wait a client may ask for ({@code herald.poll.max-timeout-seconds}, default 120)
 */
public record PollSettings(Duration defaultTimeout, Duration maxTimeout) {

    public PollSettings {
        Objects.requireNonNull(defaultTimeout, "defaultTimeout");
        Objects.requireNonNull(maxTimeout, "maxTimeout");
    }

    /** The keys {@code herald.poll.*}. */
    public static PollSettings from(Config c) {
        return new PollSettings(ConfigValues.positiveSeconds(c, "herald.poll.default-timeout-seconds", 25),
                ConfigValues.positiveSeconds(c, "herald.poll.max-timeout-seconds", 120));
    }
}
