package io.herald.web.security;

import io.herald.web.settings.ConfigValues;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.eclipse.microprofile.config.Config;

/**
 * Which browser origins may call Herald.
 *
 * @param allowedOrigins origins allowed cross-origin, with credentials; {@code *} allows any origin
 *                       without credentials ({@code herald.cors.allowed-origins}, comma list,
 *                       default empty: no CORS headers at all)
 * @param maxAge         how long browsers may cache a preflight answer ({@code herald.cors.max-age-seconds}, default 600)
 */
public record CorsSettings(List<String> allowedOrigins, Duration maxAge) {

    public CorsSettings {
        allowedOrigins = List.copyOf(allowedOrigins);
        Objects.requireNonNull(maxAge, "maxAge");
    }

    /** The keys {@code herald.cors.*}. */
    public static CorsSettings from(Config c) {
        return new CorsSettings(ConfigValues.list(c, "herald.cors.allowed-origins"),
                ConfigValues.positiveSeconds(c, "herald.cors.max-age-seconds", 600));
    }
}
