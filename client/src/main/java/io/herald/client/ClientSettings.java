package io.herald.client;

import java.time.Duration;

/**
 * Settings of one {@link HeraldClient}, fixed when it is built (see {@link HeraldClient.Builder}
 * for what each means and its default).
 */
record ClientSettings(Duration connectTimeout, Duration requestTimeout, Duration keepAlive, Duration pollTimeout,
                      Duration streamRetryInterval, Backoff backoff) {

    /** A stream that delivers no byte for this long is stalled (a buffering proxy, a dead link). */
    Duration stallTimeout() {
        return keepAlive.multipliedBy(2);
    }
}
