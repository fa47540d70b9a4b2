package io.herald.core.broadcast;

import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Shutdown: refuses new subscribers, ends every stream after the events already queued for it
 * (clients reconnect elsewhere or later with their last id), answers every waiting poll with
 * nothing, then waits for the delivery threads to have written all that. Idempotent.
 */
final class HubShutdown {

    private static final Logger LOG = Logger.getLogger(HubShutdown.class.getName());

    private final SubscriberPlaces places;
    private final StreamSubscriptions streams;
    private final LongPolls polls;
    private final DeliveryPool delivery;

    HubShutdown(SubscriberPlaces places, StreamSubscriptions streams, LongPolls polls, DeliveryPool delivery) {
        this.places = places;
        this.streams = streams;
        this.polls = polls;
        this.delivery = delivery;
    }

    /** @return whether everything was handed to the container within {@code grace} */
    boolean closeAll(Duration grace) {
        // closed first: whoever registers from now on sees it and ends at once, so nobody slips
        // in behind the passes over the registries below
        places.close();
        int streamCount = streams.closeAll();
        int pollCount = polls.closeAll();
        boolean idle = delivery.awaitIdle(grace);
        LOG.log(Level.INFO, "Herald closing: ended {0} stream subscriptions and {1} long-polls{2}",
                new Object[] {streamCount, pollCount, idle ? "" : " (some writes still pending)"});
        return idle;
    }
}
