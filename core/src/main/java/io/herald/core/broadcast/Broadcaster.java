package io.herald.core.broadcast;

import io.herald.api.Event;
import io.herald.api.Hub;
import io.herald.api.HubStatus;
import io.herald.api.SubscriberPlace;
import io.herald.api.ReplayResult;
import io.herald.api.Subscriber;
import io.herald.api.Subscription;
import io.herald.api.Topic;
import io.herald.api.TopicInfo;
import io.herald.core.config.HeraldConfig;
import io.herald.api.LimitExceededException;
import io.herald.core.time.Saturating;
import io.herald.core.transport.Transport;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The hub: publishes through the {@link Transport} and fans every event out to this node's
 * subscribers and waiting long-polls. The transport calls {@link #dispatch} once per event in id
 * order, so fan-out only queues the event in each subscriber's {@link Mailbox}; the writing is
 * done by the delivery threads, and the publisher returns once the event is accepted.
 */
@ApplicationScoped
public class Broadcaster implements Hub {

    private static final Logger LOG = Logger.getLogger(Broadcaster.class.getName());

    private final TopicRegistry<Mailbox> streams = new TopicRegistry<>();
    private final TopicRegistry<LongPoll> polls = new TopicRegistry<>();
    /** Places taken among the subscribers (streams, waiting polls and admitted streams not yet registered). */
    private final AtomicInteger admitted = new AtomicInteger();
    private final BroadcastStats stats = new BroadcastStats();
    private volatile boolean stopping;

    private Transport transport;
    private HeraldConfig config;
    private ExecutorService delivery;
    private DeliveryPool deliveryPool;
    private ScheduledExecutorService timers;

    /** A subscriber call (a write) longer than this is a stuck delivery thread, compensated for. */
    static final long STUCK_AFTER_MS = 250;

    /** For CDI proxies only. */
    protected Broadcaster() {
    }

    @Inject
    public Broadcaster(Transport transport, HeraldConfig config) {
        this.transport = transport;
        this.config = config;
    }

    @PostConstruct
    void start() {
        deliveryPool = new DeliveryPool(config.deliveryThreads(), config.deliveryExtraThreads(),
                TimeUnit.MILLISECONDS.toNanos(STUCK_AFTER_MS));
        delivery = deliveryPool;
        timers = Executors.newSingleThreadScheduledExecutor(daemonThreads("herald-timer-"));
        timers.scheduleWithFixedDelay(deliveryPool::rebalance, STUCK_AFTER_MS / 2, STUCK_AFTER_MS / 2,
                TimeUnit.MILLISECONDS);
        transport.start(new Transport.Listener() {
            @Override
            public void onEvent(Event event) {
                dispatch(event);
            }

            @Override
            public void onGap(long afterId) {
                gap();
            }
        });
    }

    /**
     * Starts shutting down: refuses new subscribers, closes every stream (after the events already
     * queued for it, so clients reconnect elsewhere or later with their last id) and answers every
     * waiting poll with nothing; then waits up to {@code grace} for the delivery threads to have
     * written all that. Idempotent; called at JVM shutdown before the container stops listening,
     * and by {@link #stop()}.
     *
     * @return whether everything was handed to the container within {@code grace}
     */
    @Override
    public boolean closeAll(Duration grace) {
        stopping = true;
        int streamCount = 0;
        int pollCount = 0;
        for (Mailbox m : streams.all()) {
            m.close();
            streamCount++;
        }
        for (LongPoll p : polls.all()) {
            complete(p, p.nothing());
            pollCount++;
        }
        long deadline = Saturating.deadlineNanos(System.nanoTime(), grace);
        DeliveryPool pool = deliveryPool;
        boolean idle = false;
        while (pool != null && !(idle = pool.getActiveCount() == 0 && pool.getQueue().isEmpty())
                && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        LOG.log(Level.INFO, "Herald closing: ended {0} stream subscriptions and {1} long-polls{2}",
                new Object[] {streamCount, pollCount, idle ? "" : " (some writes still pending)"});
        return idle;
    }

    /** Closes every stream (so clients reconnect elsewhere or later) and answers every poll. */
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

    /**
     * @throws IllegalArgumentException for an invalid topic or type
     * @throws io.herald.api.HubUnavailableException if the event could not be stored
     */
    @Override
    public Event publish(String topic, String type, String data) {
        Topic.requireValid(topic);
        Event.requireValidType(type);
        Objects.requireNonNull(data, "data");
        Event event = transport.publish(topic, type, data);
        stats.published();
        return event;
    }

    /**
     * Takes one place among the server's subscribers for a stream about to be opened, before its
     * response is committed, so that a refusal can still be an HTTP error.
     *
     * @throws LimitExceededException (server scope) when {@code herald.limit.subscribers} places
     *                                are taken, or the server is shutting down
     */
    @Override
    public SubscriberPlace reservePlace() {
        return admit();
    }

    /**
     * Registers {@code subscriber} on {@code topics}. If {@code lastEventId} is present, the
     * subscriber first gets {@code onMissed} (if events after it were evicted) and the retained
     * events after it, then live events, each exactly once in id order. If the id is from before
     * what this server knows (a restart, Redis data loss) or greater than any id assigned,
     * {@code onMissed} is called first, then the events above it follow.
     */
    @Override
    public Subscription subscribe(Set<String> topics, OptionalLong lastEventId, Subscriber subscriber) {
        requireTopics(topics);
        Objects.requireNonNull(subscriber, "subscriber");
        return subscribe(admit(), topics, lastEventId, subscriber);
    }

    /**
     * Same as {@link #subscribe(Set, OptionalLong, Subscriber)} with a place taken beforehand by
     * {@link #reservePlace()}; the subscription owns it from now on and releases it when it ends
     * (and at once if this call fails).
     */
    @Override
    public Subscription subscribe(SubscriberPlace place, Set<String> topics, OptionalLong lastEventId,
                                  Subscriber subscriber) {
        Objects.requireNonNull(place, "place");
        if (!(place instanceof Admission admission)) {
            throw new IllegalArgumentException("a place reserved by another hub");
        }
        Mailbox mailbox;
        try {
            requireTopics(topics);
            Objects.requireNonNull(subscriber, "subscriber");
            admission.use();
            mailbox = new Mailbox(topics, subscriber, delivery, config.subscriberQueueSize(), stats.deliveryCounter(),
                    stats::slowConsumerDropped, closed -> forget(closed, admission));
        } catch (RuntimeException e) {
            admission.release();
            throw e;
        }
        stats.streamOpened();
        try {
            // Register first, read the history second: an event published in between is both parked
            // and replayed, and the mailbox's watermark keeps one copy.
            streams.add(mailbox.topics(), mailbox);
            if (stopping) {
                mailbox.close(); // stop() may already have passed over the registry
            }
            if (lastEventId.isEmpty()) {
                mailbox.goLive(0, 0, ReplayResult.empty());
            } else {
                long after = lastEventId.getAsLong();
                ReplayResult replay = replay(mailbox.topics(), after);
                stats.replayed(replay.events().size());
                mailbox.goLive(after, after, replay);
            }
        } catch (RuntimeException | Error e) {
            // Whatever step failed (typically the history read: transport down), nothing of this
            // subscription may stay behind: a mailbox left catching up would park events forever.
            mailbox.abandon();
            throw e;
        }
        return mailbox;
    }

    /** Immediate read: retained events of {@code topics} after {@code afterId}, merged in id order. */
    @Override
    public ReplayResult after(Set<String> topics, long afterId) {
        requireTopics(topics);
        return replay(Set.copyOf(topics), afterId);
    }

    /**
     * Long-poll: completes with the retained events of {@code topics} newer than {@code since}, at once
     * if there are any, else as soon as one is published; with no events when {@code timeout}
     * passes first. The result's {@code missed} says that events after {@code since} are gone (it
     * was evicted, expired, or is from before a restart, or above every id assigned: unknown
     * here). Holds no thread while waiting. Cancelling the returned future's
     * {@code toCompletableFuture()} releases the wait.
     */
    @Override
    public CompletionStage<ReplayResult> awaitAfter(Set<String> topics, long since, Duration timeout) {
        requireTopics(topics);
        Admission admission = admit();
        LongPoll poll = new LongPoll(topics);
        stats.pollStarted();
        polls.add(poll.topics, poll);
        poll.result.whenComplete((events, failure) -> {
            polls.remove(poll.topics, poll);
            stats.pollEnded();
            admission.release();
        });
        if (stopping) {
            complete(poll, poll.nothing()); // stop() may already have passed over the registry
        }
        // Registered before reading: an event published meanwhile is kept by the poll until armed.
        ReplayResult ready;
        try {
            ready = poll.arm(replay(poll.topics, since), since);
        } catch (RuntimeException | Error e) {
            poll.result.completeExceptionally(e); // unregisters it and gives its place back
            throw e;
        }
        if (ready != null) {
            poll.result.complete(ready);
            return poll.result;
        }
        try {
            ScheduledFuture<?> timer = timers.schedule(() -> complete(poll, poll.nothing()),
                    Saturating.millis(timeout), TimeUnit.MILLISECONDS);
            poll.result.whenComplete((events, failure) -> timer.cancel(false));
        } catch (RejectedExecutionException shuttingDown) {
            poll.result.complete(poll.nothing());
        }
        return poll.result;
    }

    /** A snapshot of the topic on this node. */
    @Override
    public TopicInfo info(String topic) {
        Topic.requireValid(topic);
        ReplayResult history = transport.history(topic, 0);
        return new TopicInfo(topic, streams.count(topic), polls.count(topic),
                history.lastIdOr(0), history.events().size());
    }

    @Override
    public HubStatus status() {
        DeliveryPool pool = deliveryPool;
        return new HubStatus(stats.currentStreams(), stats.currentPolls(), admitted.get(), stats.eventsPublished(),
                stats.deliveries(), stats.replaysServed(), stats.replayedEvents(), stats.slowConsumersDropped(),
                pool == null ? 0 : pool.getPoolSize(), pool == null ? 0 : pool.stuckThreads());
    }

    @Override
    public boolean isAvailable() {
        return !stopping && transport.isAvailable();
    }

    /** Called by the transport once per event, in id order, one call at a time. */
    void dispatch(Event event) {
        for (Mailbox m : streams.members(event.topic())) {
            m.offer(event);
        }
        for (LongPoll p : polls.members(event.topic())) {
            ReplayResult answer = p.offer(event);
            if (answer != null) {
                complete(p, answer);
            }
        }
    }

    /**
     * Called by the transport when this node may have lost events (its reader fell behind): every
     * stream gets a reset before its next event, and every waiting poll is answered with nothing,
     * so that it polls again and its history read tells what is retained and what is gone.
     */
    void gap() {
        Set<Mailbox> once = new java.util.HashSet<>(); // a stream of several topics is listed once per topic
        for (Mailbox m : streams.all()) {
            if (once.add(m)) {
                m.offerGap();
            }
        }
        for (LongPoll p : polls.all()) {
            ReplayResult answer = p.lost();
            if (answer != null) {
                complete(p, answer);
            }
        }
    }

    /**
     * The retained events after {@code after}. An id above every id assigned is unknown here (from
     * a server whose clock was ahead, or a view of the sequence that is behind): it is answered
     * as missed, and with the events above it only, so that a client never sees an id at or below
     * one it already has.
     */
    private ReplayResult replay(Set<String> topics, long after) {
        return merge(topics, after, after > transport.lastId());
    }

    /**
     * The histories of all {@code topics} as one consistent cut (the transport reads them at one
     * instant): together with the mailbox's single watermark, an event published while they are
     * read is either in the cut or parked, never dropped between the two.
     */
    private ReplayResult merge(Set<String> topics, long from, boolean missed) {
        ReplayResult cut = transport.history(topics, from);
        return missed && !cut.missed() ? new ReplayResult(cut.events(), true) : cut;
    }

    private void complete(LongPoll poll, ReplayResult events) {
        if (poll.result.isDone()) {
            return;
        }
        try {
            delivery.execute(() -> poll.result.complete(events));
        } catch (RejectedExecutionException shuttingDown) {
            poll.result.complete(events);
        }
    }

    /** Called once per mailbox, when it closes: the release path of a stream's place. */
    private void forget(Mailbox mailbox, Admission admission) {
        streams.remove(mailbox.topics(), mailbox);
        stats.streamClosed();
        admission.release();
    }

    private Admission admit() {
        int max = config.limitSubscribers();
        while (true) {
            if (stopping) {
                throw new LimitExceededException("herald.limit.subscribers", LimitExceededException.Scope.SERVER,
                        "The server is shutting down; reconnect in a moment");
            }
            int taken = admitted.get();
            if (taken >= max) {
                throw new LimitExceededException("herald.limit.subscribers", LimitExceededException.Scope.SERVER,
                        "The server has its maximum of " + max + " subscribers; retry later");
            }
            if (admitted.compareAndSet(taken, taken + 1)) {
                return new Admission(admitted::decrementAndGet);
            }
        }
    }

    private static void requireTopics(Set<String> topics) {
        if (topics == null || topics.isEmpty()) {
            throw new IllegalArgumentException("at least one topic is required");
        }
        topics.forEach(Topic::requireValid);
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
