package io.herald.core.broadcast;

import io.herald.api.Event;
import io.herald.api.ReplayResult;
import io.herald.api.Subscriber;
import io.herald.api.Subscription;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * This node's stream subscriptions: each one a {@link Mailbox} registered on its topics, set up
 * with its replay, fed by the fan-out and ended at shutdown. Arguments arrive validated.
 *
 * <p>Locking: none of its own; the registry is lock-free and each mailbox guards itself.
 */
final class StreamSubscriptions {

    private final TopicRegistry<Mailbox> registry = new TopicRegistry<>();
    private final SubscriberPlaces places;
    private final Replay replay;
    private final BroadcastStats stats;
    private final Executor delivery;
    private final int queueSize;

    StreamSubscriptions(SubscriberPlaces places, Replay replay, BroadcastStats stats, Executor delivery,
                        int queueSize) {
        this.places = places;
        this.replay = replay;
        this.stats = stats;
        this.delivery = delivery;
        this.queueSize = queueSize;
    }

    /**
     * Opens a subscription holding {@code admission} (given back when it ends, or at once if this
     * fails): registered first, history read second, so that an event published in between is
     * both parked and replayed, and the mailbox's watermark keeps one copy.
     */
    Subscription open(Admission admission, Set<String> topics, OptionalLong lastEventId, Subscriber subscriber) {
        Mailbox mailbox;
        try {
            admission.use();
            mailbox = new Mailbox(topics, subscriber, delivery, queueSize, stats.deliveryCounter(),
                    stats::slowConsumerDropped, closed -> forget(closed, admission));
        } catch (RuntimeException e) {
            admission.release();
            throw e;
        }
        stats.streamOpened();
        try {
            registry.add(mailbox.topics(), mailbox);
            if (places.isClosed()) {
                mailbox.close(); // shutdown may already have passed over the registry
            }
            if (lastEventId.isEmpty()) {
                mailbox.goLive(0, 0, ReplayResult.empty());
            } else {
                long after = lastEventId.getAsLong();
                ReplayResult events = replay.after(mailbox.topics(), after);
                stats.replayed(events.events().size());
                mailbox.goLive(after, after, events);
            }
        } catch (RuntimeException | Error e) {
            // Whatever step failed (typically the history read: transport down), nothing of this
            // subscription may stay behind: a mailbox left catching up would park events forever.
            mailbox.abandon();
            throw e;
        }
        return mailbox;
    }

    /** Fan-out of one event, in id order: queues it in the mailbox of every stream of its topic. */
    void offer(Event event) {
        for (Mailbox m : registry.members(event.topic())) {
            m.offer(event);
        }
    }

    /** The transport may have lost events here: every stream gets a reset before its next event. */
    void offerGap() {
        for (Mailbox m : registry.all()) {
            m.offerGap();
        }
    }

    /** Streams of {@code topic} now. */
    int count(String topic) {
        return registry.count(topic);
    }

    /**
     * Ends every stream after the events already queued for it (clients reconnect elsewhere or
     * later with their last id).
     *
     * @return how many were ended
     */
    int closeAll() {
        Set<Mailbox> all = registry.all();
        all.forEach(Mailbox::close);
        return all.size();
    }

    /** Called once per mailbox, when it closes: the release path of a stream's place. */
    private void forget(Mailbox mailbox, Admission admission) {
        registry.remove(mailbox.topics(), mailbox);
        stats.streamClosed();
        admission.release();
    }
}
