package io.herald.core.broadcast;

import io.herald.api.Event;
import io.herald.api.Hub;
import io.herald.api.HubStatus;
import io.herald.api.ReplayResult;
import io.herald.api.Subscriber;
import io.herald.api.SubscriberPlace;
import io.herald.api.Subscription;
import io.herald.api.Topic;
import io.herald.api.TopicInfo;
import io.herald.core.transport.Transport;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The hub ({@link Hub}, the one CDI bean of that type): validates what comes in, publishes through
 * the {@link Transport}, and composes the parts that do the work: admission
 * ({@link SubscriberPlaces}), streams ({@link StreamSubscriptions}, one {@link Mailbox} each),
 * long-polls ({@link LongPolls}), replay ({@link Replay}), the delivery threads and their watchdog
 * ({@link DeliveryPool}) and shutdown ({@link HubShutdown}).
 *
 * <p>The transport hands its feed up to {@link #onEvent} (once per event, in id order, with no
 * lock of the transport held): the fan-out only queues the event in each stream's mailbox and
 * answers the polls it satisfies; the writing is done by the delivery threads, and the publisher
 * returns once the event is accepted.
 */
@ApplicationScoped
public class Broadcaster implements Hub {

    private final BroadcastStats stats = new BroadcastStats();

    private Transport transport;
    private HubSettings config;
    private SubscriberPlaces places;
    private Replay replay;
    private DeliveryPool delivery;
    private ScheduledThreadPoolExecutor timers;
    private StreamSubscriptions streams;
    private LongPolls polls;
    private HubShutdown shutdown;

    /** For CDI proxies only. */
    protected Broadcaster() {
    }

    @Inject
    public Broadcaster(Transport transport, HubSettings config) {
        this.transport = transport;
        this.config = config;
    }

    @PostConstruct
    void start() {
        places = new SubscriberPlaces(config.maxSubscribers());
        delivery = new DeliveryPool(config.deliveryThreads(), config.deliveryExtraThreads());
        timers = new ScheduledThreadPoolExecutor(1, daemonThreads("herald-timer-"));
        // Every answered poll cancels its timeout: drop it from the queue at once. Kept until it
        // would have fired, each poll of the last timeout (30 s by default) left a task behind:
        // at thousands of polls a second, a queue of a hundred thousand dead tasks that every
        // new timeout is sorted into, and their heap until then.
        timers.setRemoveOnCancelPolicy(true);
        delivery.watchOn(timers);
        replay = new Replay(transport);
        streams = new StreamSubscriptions(places, replay, stats, delivery, config.subscriberQueueSize());
        polls = new LongPolls(places, replay, stats, delivery, timers);
        shutdown = new HubShutdown(places, streams, polls, delivery);
        transport.start(new Transport.Listener() {
            @Override
            public void onEvent(Event event) {
                Broadcaster.this.onEvent(event);
            }

            @Override
            public void onGap(long afterId) {
                Broadcaster.this.onGap();
            }
        });
    }

    /** Closes every stream and answers every poll, then stops the delivery threads and timers. */
    @PreDestroy
    void stop() {
        closeAll(Duration.ofSeconds(2));
        delivery.shutdown();
        timers.shutdownNow();
        try {
            delivery.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean closeAll(Duration grace) {
        return shutdown.closeAll(grace);
    }

    @Override
    public Event publish(String topic, String type, String data) {
        Topic.requireValid(topic);
        Event.requirePublishableType(type);
        Objects.requireNonNull(data, "data");
        Event event = transport.publish(topic, type, data);
        stats.published();
        return event;
    }

    @Override
    public SubscriberPlace reservePlace() {
        return places.take();
    }

    /**
     * {@inheritDoc} If the id is from before what this server knows (a restart, Redis data loss)
     * or greater than any id assigned, {@code onMissed} is called first, then the events above it
     * follow.
     */
    @Override
    public Subscription subscribe(Set<String> topics, OptionalLong lastEventId, Subscriber subscriber) {
        requireTopics(topics);
        Objects.requireNonNull(lastEventId, "lastEventId");
        Objects.requireNonNull(subscriber, "subscriber");
        return streams.open(places.take(), Set.copyOf(topics), lastEventId, subscriber);
    }

    @Override
    public Subscription subscribe(SubscriberPlace place, Set<String> topics, OptionalLong lastEventId,
                                  Subscriber subscriber) {
        Objects.requireNonNull(place, "place");
        if (!(place instanceof Admission admission)) {
            throw new IllegalArgumentException("a place reserved by another hub");
        }
        try {
            requireTopics(topics);
            Objects.requireNonNull(lastEventId, "lastEventId");
            Objects.requireNonNull(subscriber, "subscriber");
        } catch (RuntimeException e) {
            admission.release();
            throw e;
        }
        return streams.open(admission, Set.copyOf(topics), lastEventId, subscriber);
    }

    @Override
    public ReplayResult after(Set<String> topics, long afterId) {
        requireTopics(topics);
        requirePosition(afterId);
        return replay.after(Set.copyOf(topics), afterId);
    }

    /**
     * {@inheritDoc} The result's {@code missed} says that events after {@code since} are gone (it
     * was evicted, expired, or is from before a restart, or above every id assigned: unknown here).
     */
    @Override
    public CompletionStage<ReplayResult> awaitAfter(Set<String> topics, long since, Duration timeout) {
        requireTopics(topics);
        requirePosition(since);
        Objects.requireNonNull(timeout, "timeout");
        return polls.await(Set.copyOf(topics), since, timeout);
    }

    /** A snapshot of the topic on this node; its history is counted by the transport, not read. */
    @Override
    public TopicInfo info(String topic) {
        Topic.requireValid(topic);
        Transport.Retained retained = transport.retained(topic);
        return new TopicInfo(topic, streams.count(topic), polls.count(topic), retained.lastId(), retained.count());
    }

    @Override
    public HubStatus status() {
        return new HubStatus(stats.currentStreams(), stats.currentPolls(), places.taken(), stats.eventsPublished(),
                stats.deliveries(), stats.replaysServed(), stats.replayedEvents(), stats.slowConsumersDropped(),
                delivery.getPoolSize(), delivery.stuckThreads());
    }

    @Override
    public boolean isAvailable() {
        return !places.isClosed() && transport.isAvailable();
    }

    @Override
    public boolean readsMayWait() {
        return transport.readsMayWait();
    }

    /** The transport's feed: one event, in id order, one call at a time. */
    private void onEvent(Event event) {
        streams.offer(event);
        polls.offer(event);
    }

    /**
     * The transport may have lost events (its reader fell behind): every stream gets a reset before
     * its next event and every waiting poll is answered with nothing, so that each reads again
     * what is retained and what is gone.
     */
    private void onGap() {
        streams.offerGap();
        polls.offerGap();
    }

    private static void requireTopics(Set<String> topics) {
        if (topics == null || topics.isEmpty()) {
            throw new IllegalArgumentException("at least one topic is required");
        }
        topics.forEach(Topic::requireValid);
    }

    private static void requirePosition(long id) {
        if (id < 0) {
            throw new IllegalArgumentException("an event position must not be negative: " + id);
        }
    }

    /** Timer tasks waiting to run (poll timeouts, the delivery pool's watchdog); for tests. */
    public int pendingTimers() {
        return timers.getQueue().size();
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
