package io.herald.web.stream;

import io.herald.web.settings.ConfigValues;
import java.time.Duration;
import java.util.Objects;
import org.eclipse.microprofile.config.Config;

/**
 * How SSE streams are written and what one may ask for.
 *
 * @param retry              the reconnect delay sent as {@code retry:} ({@code herald.sse.retry-ms}, default 3000)
 * @param keepAlive          interval of {@code : keepalive} comments on idle streams
 *                           ({@code herald.sse.keepalive-seconds}, default 15)
 * @param maxTopicsPerStream most topics one {@code /stream?topic=..} may name; more is 400
 *                           ({@code herald.limit.topics-per-stream}, default 64)
 */
public record StreamSettings(Duration retry, Duration keepAlive, int maxTopicsPerStream) {

    public StreamSettings {
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(keepAlive, "keepAlive");
        if (retry.isNegative() || retry.isZero() || keepAlive.isNegative() || keepAlive.isZero()) {
            throw new IllegalArgumentException("retry and keepAlive must be positive");
        }
        if (maxTopicsPerStream < 1) {
            throw new IllegalArgumentException("maxTopicsPerStream must be at least 1");
        }
    }

    /** The keys {@code herald.sse.*} and {@code herald.limit.topics-per-stream}. */
    public static StreamSettings from(Config c) {
        return new StreamSettings(Duration.ofMillis(ConfigValues.positive(c, "herald.sse.retry-ms", 3000)),
                ConfigValues.positiveSeconds(c, "herald.sse.keepalive-seconds", 15),
                ConfigValues.positive(c, "herald.limit.topics-per-stream", 64));
    }
}
