package io.herald.jakarta.sse;

import java.time.Duration;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Settings of the standard-API broadcasters, read from MicroProfile Config here and nowhere else.
 *
 * @param keepAlive    interval of {@code : keepalive} comments on idle sinks, which is also how a client
 *                     that went away is noticed ({@code herald.sse.keepalive-seconds}, the key of
 *                     Herald's own streams)
 * @param queueSize    frames waiting for one sink's writes before it is closed as too slow
 *                     ({@code herald.sse-broadcaster.queue-size})
 * @param writerThreads threads writing to sinks ({@code herald.sse-broadcaster.writer-threads})
 */
public record SseBroadcasterSettings(Duration keepAlive, int queueSize, int writerThreads) {

    public SseBroadcasterSettings {
        if (keepAlive.isNegative() || keepAlive.isZero() || queueSize < 1 || writerThreads < 1) {
            throw new IllegalArgumentException("invalid SSE broadcaster settings: "
                    + keepAlive + ", queue " + queueSize + ", threads " + writerThreads);
        }
    }

    /** From MicroProfile Config, with the documented defaults. */
    public static SseBroadcasterSettings fromConfig() {
        Config c = ConfigProvider.getConfig();
        return new SseBroadcasterSettings(
                Duration.ofSeconds(c.getOptionalValue("herald.sse.keepalive-seconds", Long.class).orElse(15L)),
                c.getOptionalValue("herald.sse-broadcaster.queue-size", Integer.class).orElse(1024),
                c.getOptionalValue("herald.sse-broadcaster.writer-threads", Integer.class)
                        .orElse(Math.max(4, 2 * Runtime.getRuntime().availableProcessors())));
    }
}
