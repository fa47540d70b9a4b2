package io.herald.api;

/**
 * A snapshot of one node's hub, for health checks and metrics. Taking one does no I/O (it is read
 * by every metrics gauge); whether the event store answers is {@link Hub#isAvailable()}.
 *
 * @param openStreams          stream subscriptions open now
 * @param waitingPolls         long-polls waiting now
 * @param placesTaken          places taken among the subscribers now (streams, polls, reserved)
 * @param eventsPublished      events published through this node so far
 * @param deliveries           events written to subscribers so far (one per event and stream)
 * @param replaysServed        subscriptions that resumed from an id so far
 * @param replayedEvents       events sent by those replays so far
 * @param slowConsumersDropped subscribers closed so far because they could not keep up
 * @param deliveryThreads      delivery threads now
 * @param stuckDeliveryThreads delivery threads blocked in one write for too long now
 */
public record HubStatus(int openStreams, int waitingPolls, int placesTaken, long eventsPublished,
                        long deliveries, long replaysServed, long replayedEvents, long slowConsumersDropped,
                        int deliveryThreads, int stuckDeliveryThreads) {
}
