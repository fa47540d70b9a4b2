package io.herald.core.transport.memory;

import io.herald.api.Event;
import io.herald.api.ReplayResult;
import io.herald.core.limits.LimitExceededException;
import io.herald.core.time.Saturating;
import io.herald.core.transport.Transport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The single-node transport: the id sequence and every topic's history live in this JVM.
 *
 * <p>Locking: {@code this} guards the sequence, the histories and the call to the listener, so the
 * listener sees events in id order and a history read never misses an event already delivered.
 *
 * <p>Idle topics are forgotten: when a topic had no event for {@code idleTtl}, its history is
 * dropped (checked at most every {@code idleTtl / 4}, on publish). The highest id of any forgotten
 * topic is remembered, so a client coming back with an older id is told it may have missed some.
 */
public final class InMemoryTransport implements Transport {

    private final int replaySize;
    private final Duration idleTtl;
    private final int maxTopics;
    private final Clock clock;
    private final Map<String, Topic> topics = new HashMap<>();
    private long lastId;
    private long forgottenUpTo;
    private Instant nextSweep;
    private Consumer<Event> listener = event -> { };

    public InMemoryTransport(int replaySize, Duration idleTtl) {
        this(replaySize, idleTtl, Integer.MAX_VALUE);
    }

    /** @param maxTopics most topics with a history; a publish creating one more is refused */
    public InMemoryTransport(int replaySize, Duration idleTtl, int maxTopics) {
        this(replaySize, idleTtl, maxTopics, Clock.systemUTC());
    }

    InMemoryTransport(int replaySize, Duration idleTtl, Clock clock) {
        this(replaySize, idleTtl, Integer.MAX_VALUE, clock);
    }

    InMemoryTransport(int replaySize, Duration idleTtl, int maxTopics, Clock clock) {
        if (replaySize < 1) {
            throw new IllegalArgumentException("replay size must be at least 1");
        }
        if (maxTopics < 1) {
            throw new IllegalArgumentException("max topics must be at least 1");
        }
        this.maxTopics = maxTopics;
        this.replaySize = replaySize;
        this.idleTtl = Objects.requireNonNull(idleTtl);
        this.clock = clock;
        this.nextSweep = Saturating.plus(clock.instant(), idleTtl.dividedBy(4));
    }

    @Override
    public synchronized void start(Consumer<Event> listener) {
        this.listener = Objects.requireNonNull(listener);
    }

    @Override
    public synchronized Event publish(String topic, String type, String data) {
        Instant now = clock.instant();
        if (topics.size() >= maxTopics && !topics.containsKey(topic)) {
            forgetIdleTopics(now); // make room from expired topics before refusing
            if (topics.size() >= maxTopics) {
                throw new LimitExceededException("herald.limit.topics", LimitExceededException.Scope.SERVER,
                        "The server keeps its maximum of " + maxTopics + " topics; publish to an existing topic or retry later");
            }
        }
        Event event = new Event(lastId + 1, topic, type, data, now);
        lastId = event.id();
        Topic t = topics.computeIfAbsent(topic, name -> new Topic(new ReplayBuffer(replaySize, forgottenUpTo)));
        t.buffer.append(event);
        t.lastPublish = now;
        listener.accept(event);
        if (now.isAfter(nextSweep)) {
            forgetIdleTopics(now);
        }
        return event;
    }

    @Override
    public synchronized ReplayResult history(String topic, long afterId) {
        Topic t = topics.get(topic);
        if (t == null) {
            return new ReplayResult(java.util.List.of(), afterId < forgottenUpTo);
        }
        return t.buffer.after(afterId);
    }

    @Override
    public synchronized long lastId() {
        return lastId;
    }

    @Override
    public synchronized int bufferedCount(String topic) {
        Topic t = topics.get(topic);
        return t == null ? 0 : t.buffer.size();
    }

    /** How many topics have a history now. */
    public synchronized int topicCount() {
        return topics.size();
    }

    @Override
    public synchronized void close() {
        listener = event -> { };
    }

    private void forgetIdleTopics(Instant now) {
        Instant cutoff = now.minus(idleTtl);
        for (Iterator<Topic> it = topics.values().iterator(); it.hasNext(); ) {
            Topic t = it.next();
            if (t.lastPublish.isBefore(cutoff)) {
                forgottenUpTo = Math.max(forgottenUpTo, t.buffer.lastId());
                it.remove();
            }
        }
        nextSweep = Saturating.plus(now, idleTtl.dividedBy(4));
    }

    private static final class Topic {
        final ReplayBuffer buffer;
        Instant lastPublish;

        Topic(ReplayBuffer buffer) {
            this.buffer = buffer;
        }
    }
}
