package io.herald.core.broadcast;

import io.herald.core.config.ConfigValues;
import org.eclipse.microprofile.config.Config;

/**
 * How the hub delivers and how many subscribers it admits.
 *
 * @param deliveryThreads      threads writing events to subscribers ({@code herald.delivery.threads},
 *                             default max(4, 2 x cores))
 * @param deliveryExtraThreads most delivery threads added while others are stuck in a write to a
 *                             client that stopped reading ({@code herald.delivery.extra-threads}, default 64; 0 disables)
 * @param subscriberQueueSize  events queued per subscriber before it is dropped as slow
 *                             ({@code herald.subscriber.queue-size}, default 8192)
 * @param maxSubscribers       most subscribers on this node, streams and waiting long-polls together;
 *                             past it 503 ({@code herald.limit.subscribers}, default 15000)
 */
public record HubSettings(int deliveryThreads, int deliveryExtraThreads, int subscriberQueueSize, int maxSubscribers) {

    /** The key of the subscriber limit, named in the refusal. */
    public static final String MAX_SUBSCRIBERS_KEY = "herald.limit.subscribers";

    public HubSettings {
        if (deliveryThreads < 1 || subscriberQueueSize < 1 || maxSubscribers < 1) {
            throw new IllegalArgumentException("deliveryThreads, subscriberQueueSize and maxSubscribers must be at least 1");
        }
        if (deliveryExtraThreads < 0) {
            throw new IllegalArgumentException("deliveryExtraThreads must be at least 0");
        }
    }

    /** The keys {@code herald.delivery.*}, {@code herald.subscriber.queue-size} and {@value #MAX_SUBSCRIBERS_KEY}. */
    public static HubSettings from(Config c) {
        return new HubSettings(
                ConfigValues.positive(c, "herald.delivery.threads", Math.max(4, 2 * Runtime.getRuntime().availableProcessors())),
                ConfigValues.atLeast(c, "herald.delivery.extra-threads", 64, 0),
                ConfigValues.positive(c, "herald.subscriber.queue-size", 8192),
                ConfigValues.positive(c, MAX_SUBSCRIBERS_KEY, 15000));
    }
}
