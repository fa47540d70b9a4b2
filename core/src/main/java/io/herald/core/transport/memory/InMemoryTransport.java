package io.herald.core.transport.memory;

import io.herald.api.Event;
import io.herald.api.ReplayResult;
import io.herald.api.LimitExceededException;
import io.herald.core.time.Saturating;
import io.herald.core.transport.OrderedFeed;
import io.herald.core.transport.Transport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The single-node transport: the id sequence and every topic's history live in this JVM.
 *
 * <p>Locking: {@code this} guards the sequence and the histories, so a history read (of one topic
 * or several at once) is one consistent cut. The listener is never called under it: a publish
 * assigns the id, appends the event and takes its place in the {@link OrderedFeed} under the
 * lock, then, with the lock released, the feed hands events to the listener in id order. An event
 * is thus in its history before any subscriber is told of it, which is what the hub's
 * register-then-read replay relies on (see {@link OrderedFeed}).
 *
 * <p>Ids never go backwards, even across restarts: an id is the publish time in microseconds since
 * the epoch, or the previous id plus one if that is not higher (more than one event per
 * microsecond). A new process therefore starts above every id an earlier one handed out (as long
 * as the wall clock did not step back past them, and no process averaged more than a million
 * events a second), and knows that it cannot vouch for any id below its {@code horizon} (its
 * start time): a client coming back with such an id is told it may have missed some. Ids stay
 * below 2^53 (exact in JavaScript) until the year 2255.
 *
 * <p>Memory is bounded three ways: events per topic ({@code replaySize}), bytes per topic and
 * bytes in all histories together (see {@link ReplayBuffer#sizeOf}). Past a byte budget the
 * oldest events go (of the topic, or of the whole node), and a client resuming from before them is
 * told it missed some.
 *
 * <p>Idle topics are forgotten: when a topic had no event for {@code idleTtl}, its history is
 * dropped (checked at most every {@code idleTtl / 4}, on publish). The highest id of any forgotten
 * topic is remembered, so a client coming back with an older id is told it may have missed some.
 */
public final class InMemoryTransport implements Transport {

    private final int replaySize;
    private final Duration idleTtl;
    private final int maxTopics;
    private final long maxBytesPerTopic;
    private final long maxBytes;
    private final Clock clock;
    private final Map<String, Topic> topics = new HashMap<>();
    /** Topics with events, by the id of their oldest one: where the node's byte budget evicts first. */
    private final TreeMap<Long, Topic> byOldest = new TreeMap<>();
    private long bytes;
    private long lastId;
    /** Ids below this one were handed out before this process started: their events are unknown here. */
    private final long horizon;
    private long forgottenUpTo;
    private Instant nextSweep;
    private final OrderedFeed feed = new OrderedFeed();

    public InMemoryTransport(int replaySize, Duration idleTtl) {
        this(replaySize, idleTtl, Integer.MAX_VALUE);
    }

    /** @param maxTopics most topics with a history; a publish creating one more is refused */
    public InMemoryTransport(int replaySize, Duration idleTtl, int maxTopics) {
        this(replaySize, idleTtl, maxTopics, Long.MAX_VALUE, Long.MAX_VALUE, Clock.systemUTC());
    }

    /**
     * @param maxBytesPerTopic most bytes of events one topic's history keeps
     * @param maxBytes         most bytes of events all histories together keep
     */
    public InMemoryTransport(int replaySize, Duration idleTtl, int maxTopics, long maxBytesPerTopic, long maxBytes) {
        this(replaySize, idleTtl, maxTopics, maxBytesPerTopic, maxBytes, Clock.systemUTC());
    }

    InMemoryTransport(int replaySize, Duration idleTtl, Clock clock) {
        this(replaySize, idleTtl, Integer.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, clock);
    }

    InMemoryTransport(int replaySize, Duration idleTtl, int maxTopics, Clock clock) {
        this(replaySize, idleTtl, maxTopics, Long.MAX_VALUE, Long.MAX_VALUE, clock);
    }

    InMemoryTransport(int replaySize, Duration idleTtl, int maxTopics, long maxBytesPerTopic, long maxBytes,
                      Clock clock) {
        if (replaySize < 1) {
            throw new IllegalArgumentException("replay size must be at least 1");
        }
        if (maxTopics < 1) {
            throw new IllegalArgumentException("max topics must be at least 1");
        }
        if (maxBytesPerTopic < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("byte budgets must be at least 1");
        }
        this.maxTopics = maxTopics;
        this.replaySize = replaySize;
        this.maxBytesPerTopic = maxBytesPerTopic;
        this.maxBytes = maxBytes;
        this.idleTtl = Objects.requireNonNull(idleTtl);
        this.clock = clock;
        Instant start = clock.instant();
        this.nextSweep = Saturating.plus(start, idleTtl.dividedBy(4));
        this.horizon = micros(start);
        this.lastId = horizon - 1;
    }

    /** Microseconds since the epoch: the floor of an id assigned at {@code t}. */
    static long micros(Instant t) {
        return Math.multiplyExact(t.getEpochSecond(), 1_000_000L) + t.getNano() / 1000;
    }

    @Override
    public void start(Listener listener) {
        feed.start(listener);
    }

    @Override
    public Event publish(String topic, String type, String data) {
        Event event = append(topic, type, data);
        feed.handOver(); // outside the lock: fan-out never holds up ids, appends or history reads
        return event;
    }

    /** Assigns the id, appends the event to its history and queues it on the feed, as one step. */
    private synchronized Event append(String topic, String type, String data) {
        Instant now = clock.instant();
        if (topics.size() >= maxTopics && !topics.containsKey(topic)) {
            forgetIdleTopics(now); // make room from expired topics before refusing
            if (topics.size() >= maxTopics) {
                throw new LimitExceededException("herald.limit.topics", LimitExceededException.Scope.SERVER,
                        "The server keeps its maximum of " + maxTopics + " topics; publish to an existing topic or retry later");
            }
        }
        Event event = new Event(Math.max(lastId + 1, micros(now)), topic, type, data, now);
        lastId = event.id();
        Topic t = topics.computeIfAbsent(topic,
                name -> new Topic(new ReplayBuffer(replaySize, maxBytesPerTopic, forgottenUpTo)));
        unindex(t);
        bytes += t.buffer.append(event);
        index(t);
        t.lastPublish = now;
        while (bytes > maxBytes && !byOldest.isEmpty()) {
            // past the node's byte budget: the oldest events of the whole node go first
            Topic oldest = byOldest.pollFirstEntry().getValue();
            bytes -= oldest.buffer.evictOldest();
            index(oldest);
        }
        feed.enqueue(event);
        if (now.isAfter(nextSweep)) {
            forgetIdleTopics(now);
        }
        return event;
    }

    @Override
    public synchronized ReplayResult history(Set<String> names, long afterId) {
        boolean beforeStart = afterId > 0 && afterId < horizon;
        boolean missed = beforeStart;
        List<Event> events = new ArrayList<>();
        for (String name : names) {
            Topic t = topics.get(name);
            if (t == null) {
                missed |= afterId < forgottenUpTo;
            } else {
                missed |= t.buffer.missedAfter(afterId);
                events.addAll(t.buffer.eventsAfter(afterId));
            }
        }
        if (names.size() > 1) {
            events.sort(Comparator.comparingLong(Event::id));
        }
        return new ReplayResult(events, missed);
    }

    @Override
    public synchronized long lastId() {
        return lastId; // before the first publish: just below the horizon, which no id will be at or below
    }

    @Override
    public synchronized Retained retained(String topic) {
        Topic t = topics.get(topic);
        return t == null || t.buffer.size() == 0 ? new Retained(0, 0) : new Retained(t.buffer.size(), t.buffer.lastId());
    }

    /** How many topics have a history now. */
    public synchronized int topicCount() {
        return topics.size();
    }

    /** Bytes of events held by all histories now. */
    public synchronized long bufferedBytes() {
        return bytes;
    }

    @Override
    public void close() {
        feed.stop();
    }

    private void unindex(Topic t) {
        if (t.buffer.size() > 0) {
            byOldest.remove(t.buffer.firstId());
        }
    }

    private void index(Topic t) {
        if (t.buffer.size() > 0) {
            byOldest.put(t.buffer.firstId(), t);
        }
    }

    private void forgetIdleTopics(Instant now) {
        Instant cutoff = now.minus(idleTtl);
        for (Iterator<Topic> it = topics.values().iterator(); it.hasNext(); ) {
            Topic t = it.next();
            if (t.lastPublish.isBefore(cutoff)) {
                forgottenUpTo = Math.max(forgottenUpTo, t.buffer.lastId());
                unindex(t);
                bytes -= t.buffer.bytes();
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
