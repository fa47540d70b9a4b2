package io.herald.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.api.Event;
import io.herald.api.ReplayResult;
import io.herald.api.Subscriber;
import io.herald.api.Subscription;
import io.herald.core.broadcast.Broadcaster;
import io.herald.core.broadcast.TestHub;
import io.herald.core.transport.redis.PausableProxy;
import io.herald.core.transport.redis.PrivateRedis;
import io.herald.core.transport.redis.RedisTestSupport;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The delivery guarantee, checked against a model: a seeded random driver interleaves publishers on
 * several topics, stream and long-poll clients on one or several topics that disconnect and resume
 * from the last id they saw, history eviction (small histories, bursts), topic expiry (1 s TTL and
 * idle spells), transport restarts (a fresh node on the same configuration, and for Redis on the
 * same Redis) and, on Redis, a lagging node (one of two nodes cut off behind a proxy while the
 * other publishes more than the cluster-wide stream keeps). Then, for every client: ids strictly
 * increasing, no duplicate, and every acknowledged event of its topics published after it first
 * subscribed either received or covered by a missed signal that came before the next later event.
 *
 * <p>{@code -Dherald.model.seed=N} replays one seed (printed with every failure);
 * {@code -Dherald.model.runs=N} sets how many seeds each transport runs (a long local soak: e.g.
 * 500); {@code -Dherald.model.steps=N} how many steps a run has.
 */
class DeliveryModelTest {

    /** In a client's log: a missed signal, covering events after {@code after}. */
    private record Missed(long after) {
    }

    /**
     * In a client's log: a new connection (or poll answer); the missed signals it brings cover events up
     * to {@code upTo} (what existed when it was made), even ones newer than events it replays first
     * (a stream of several topics is replayed in id order, after its one reset).
     */
    private record Connect(long upTo, int node) {
    }
    private static final List<String> TOPICS = List.of("m0", "m1", "m2", "m3");
    private static final int STEPS = Integer.getInteger("herald.model.steps", 250);

    @Test
    void inMemoryEveryEventIsDeliveredOrSignalledMissed() throws Exception {
        for (long seed : seeds(4)) {
            run(seed, false);
        }
    }

    @Test
    void onRedisWithALaggingNodeEveryEventIsDeliveredOrSignalledMissed() throws Exception {
        try (RedisTestSupport probe = new RedisTestSupport()) {
            Assumptions.assumeTrue(probe.redis().ping() != null);
        } catch (IllegalStateException noRedis) {
            Assumptions.abort("no Redis: " + noRedis.getMessage());
        }
        for (long seed : seeds(2)) {
            run(seed, true);
        }
    }

    @Test
    void onARedisThatRestartsWithoutItsDataEveryEventIsDeliveredOrSignalledMissed() throws Exception {
        Assumptions.assumeTrue(PrivateRedis.available(), "redis-server is not installed");
        for (long seed : seeds(1)) {
            try (PrivateRedis server = new PrivateRedis()) {
                server.start(false);
                run(seed, server);
            }
        }
    }

    private static List<Long> seeds(int ciRuns) {
        String fixed = System.getProperty("herald.model.seed");
        if (fixed != null) {
            return List.of(Long.parseLong(fixed));
        }
        int runs = Integer.getInteger("herald.model.runs", ciRuns);
        Random r = new Random();
        return LongStream.range(0, runs).map(i -> r.nextLong()).boxed().toList();
    }

    private void run(long seed, boolean redis) throws Exception {
        run(seed, redis, null);
    }

    private void run(long seed, PrivateRedis server) throws Exception {
        run(seed, true, server);
    }

    private void run(long seed, boolean redis, PrivateRedis server) throws Exception {
        try (World w = new World(seed, redis, server)) {
            w.drive();
            w.check();
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("model run failed on " + (server != null ? "a restarting redis" : redis ? "redis" : "memory")
                    + "; replay with -Dherald.model.seed=" + seed + " (-Dtest=DeliveryModelTest)", e);
        }
    }

    /** One run: the nodes, the clients, what was published, and the random choices. */
    private static final class World implements AutoCloseable {
        final Random random;
        final boolean redis;
        final RedisTestSupport keys;
        PausableProxy proxy;
        final List<TestHub> hubs = new ArrayList<>();
        final List<Event> acknowledged = new ArrayList<>();
        final List<Client> clients = new ArrayList<>();
        final ScheduledExecutorService pollLoop = Executors.newScheduledThreadPool(2);
        boolean paused;
        boolean slept;

        final PrivateRedis server;

        World(long seed, boolean redis, PrivateRedis server) throws Exception {
            this.random = new Random(seed);
            this.redis = redis;
            this.server = server;
            int replay = 3 + random.nextInt(15);
            Map<String, String> config = new HashMap<>(Map.of("herald.replay.size", Integer.toString(replay),
                    "herald.topic.idle-ttl-seconds", "1", "herald.subscriber.queue-size", "100000",
                    "herald.replay.max-bytes-per-topic", Integer.toString(40 + random.nextInt(400))));
            if (redis) {
                String uri = server == null ? RedisTestSupport.URI : server.uri();
                keys = server == null ? new RedisTestSupport() : null;
                URI target = URI.create(uri);
                proxy = new PausableProxy(target.getHost(), target.getPort());
                config.putAll(Map.of("herald.transport", "redis", "herald.redis.key-prefix",
                        keys == null ? "model:" : keys.prefix,
                        "herald.redis.global-stream-size", "10", "herald.redis.command-timeout-ms", "1000",
                        "herald.redis.uri", uri));
                TestHub a = TestHub.start(config);
                a.broadcaster().status().placesTaken(); // node A is made with its own configuration
                hubs.add(a);
                config.put("herald.redis.uri", proxy.uri()); // node B reaches Redis through the proxy
                hubs.add(TestHub.start(config));
            } else {
                keys = null;
                hubs.add(TestHub.start(config));
            }
            for (int i = 0; i < 6; i++) {
                Set<String> topics = new HashSet<>();
                topics.add(TOPICS.get(random.nextInt(TOPICS.size())));
                if (random.nextBoolean()) {
                    topics.add(TOPICS.get(random.nextInt(TOPICS.size())));
                }
                clients.add(new Client(i, Set.copyOf(topics), random.nextInt(3) == 0));
            }
        }

        long newest() {
            synchronized (acknowledged) {
                return acknowledged.isEmpty() ? 0 : acknowledged.get(acknowledged.size() - 1).id();
            }
        }

        Broadcaster node(int i) {
            return hubs.get(i).broadcaster();
        }

        Broadcaster anyNode() {
            return node(random.nextInt(hubs.size()));
        }

        /** Node A (never cut off, never restarted on Redis) for publishes that must succeed. */
        Broadcaster publisher() {
            return redis && (paused || random.nextBoolean()) ? node(0) : anyNode();
        }

        void drive() throws Exception {
            for (int step = 0; step < STEPS; step++) {
                int action = random.nextInt(100);
                if (action < 40) {
                    publish(1);
                } else if (action < 48) {
                    publish(5 + random.nextInt(30)); // a burst: evicts from small histories
                } else if (action < 60) {
                    pick(true).disconnect();
                } else if (action < 78) {
                    Client c = pick(false);
                    c.connect(this, redis && paused ? 0 : random.nextInt(hubs.size()));
                } else if (action < 88) {
                    Thread.sleep(random.nextInt(15));
                } else if (action < 91) {
                    restart();
                } else if (action < 94 && redis) {
                    lag();
                } else if (action < 96 && server != null) {
                    server.stop(); // Redis restarts without its data: publishes fail meanwhile
                    publish(3);
                    server.start(false);
                } else if (action < 95 && !slept) {
                    slept = true;
                    Thread.sleep(1300); // every topic goes idle past its TTL: they are forgotten
                } else {
                    publish(1);
                }
            }
        }

        void publish(int count) {
            for (int i = 0; i < count; i++) {
                String topic = TOPICS.get(random.nextInt(TOPICS.size()));
                try {
                    Event e = publisher().publish(topic, null, "x".repeat(random.nextInt(40)));
                    synchronized (acknowledged) {
                        acknowledged.add(e);
                    }
                } catch (RuntimeException refused) {
                    // not acknowledged (a node cut off or restarting): nothing is promised for it
                }
            }
        }

        Client pick(boolean connected) {
            List<Client> some = clients.stream().filter(c -> c.connected() == connected).toList();
            return some.isEmpty() ? clients.get(random.nextInt(clients.size())) : some.get(random.nextInt(some.size()));
        }

        void restart() {
            int i = redis ? 1 : 0; // on Redis node B: its configuration is the one registered last
            if (paused) {
                proxy.resume();
                paused = false;
            }
            hubs.get(i).restart(0);
        }

        void lag() {
            proxy.pause();
            paused = true;
            publish(30 + random.nextInt(60)); // through node A: more than the global stream keeps
            proxy.resume();
            paused = false;
        }

        void check() throws Exception {
            if (paused) {
                proxy.resume();
                paused = false;
            }
            for (Client c : clients) {
                c.connect(this, random.nextInt(hubs.size()));
            }
            Map<Client, Integer> before = new HashMap<>();
            for (Client c : clients) {
                before.put(c, c.logSize());
            }
            Map<String, Event> last = new HashMap<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            for (String t : TOPICS) {
                Event e = null;
                while (e == null) {
                    try {
                        e = node(0).publish(t, null, "final");
                    } catch (RuntimeException notYet) {
                        if (System.nanoTime() > deadline) {
                            throw notYet;
                        }
                        Thread.sleep(50); // e.g. Redis just came back: the connection is being replaced
                    }
                }
                synchronized (acknowledged) {
                    acknowledged.add(e);
                }
                last.put(t, e);
            }
            for (Client c : clients) {
                // every final event arrives, or the client is told it missed events after they were published
                // (the latter only after a grace period: a reset from the reconnection just made may still be on its way)
                long grace = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                while (!c.topics.stream().allMatch(t -> c.saw(last.get(t).id()))
                        && !(System.nanoTime() > grace && c.missedSince(before.get(c)))) {
                    if (!c.connected()) {
                        c.connect(this, 0); // refused a moment ago (Redis coming back): a client tries again
                    }
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("client " + c + " never got the final events " + last + "; " + c.state());
                    }
                    Thread.sleep(20);
                }
                c.disconnect();
            }
            for (Client c : clients) {
                c.verify(acknowledged);
            }
        }

        @Override
        public void close() throws Exception {
            pollLoop.shutdownNow();
            for (int i = hubs.size() - 1; i >= 0; i--) {
                hubs.get(i).close();
            }
            if (proxy != null) {
                proxy.close();
            }
            if (keys != null) {
                keys.close();
            }
        }
    }

    /** One logical client: what it saw, across all its connections, in order. */
    private static final class Client {
        final int n;
        final Set<String> topics;
        final boolean polls;
        final List<Object> log = new ArrayList<>();
        long position = -1;
        long start = -1;
        int generation;
        int nodeIndex;
        boolean connected;
        Subscription subscription;
        CompletableFuture<ReplayResult> pending;

        Client(int n, Set<String> topics, boolean polls) {
            this.n = n;
            this.topics = topics;
            this.polls = polls;
        }

        synchronized boolean connected() {
            return connected;
        }

        synchronized boolean saw(long id) {
            return log.contains(id);
        }

        synchronized int logSize() {
            return log.size();
        }

        synchronized boolean missedSince(int index) {
            return log.subList(index, log.size()).stream().anyMatch(o -> o instanceof Missed);
        }

        void connect(World w, int nodeIndex) {
            int gen;
            synchronized (this) {
                if (connected) {
                    return;
                }
                if (start < 0) {
                    synchronized (w.acknowledged) {
                        // a position, never 0: 0 (no Last-Event-ID, since=0) is "no position", promised nothing
                        start = w.acknowledged.isEmpty() ? 1 : w.acknowledged.get(w.acknowledged.size() - 1).id();
                    }
                    position = start;
                }
                connected = true;
                gen = ++generation;
                this.nodeIndex = nodeIndex;
            }
            if (polls) {
                poll(w, gen);
                return;
            }
            Broadcaster node = w.node(nodeIndex);
            synchronized (this) {
                log.add(new Connect(w.newest(), nodeIndex));
            }
            try {
                Subscription s = node.subscribe(topics, OptionalLong.of(position), new Connection(gen));
                synchronized (this) {
                    subscription = s;
                }
            } catch (RuntimeException refused) {
                synchronized (this) {
                    connected = false; // e.g. node cut off from Redis: the client tries again later
                }
            }
        }

        /** One poll, and when it is answered the next, on the client's node (the one now in its place after a restart). */
        private void poll(World w, int gen) {
            long since;
            synchronized (this) {
                if (!connected || generation != gen) {
                    return;
                }
                since = position;
            }
            CompletableFuture<ReplayResult> f;
            try {
                f = w.node(nodeIndex).awaitAfter(topics, since, Duration.ofMillis(300)).toCompletableFuture();
            } catch (RuntimeException refused) {
                w.pollLoop.schedule(() -> poll(w, gen), 50, TimeUnit.MILLISECONDS);
                return;
            }
            synchronized (this) {
                pending = f;
            }
            f.whenComplete((r, failure) -> {
                synchronized (this) {
                    if (generation != gen || !connected) {
                        return;
                    }
                    if (r != null) {
                        log.add(new Connect(r.events().isEmpty() ? w.newest() : r.lastIdOr(0), nodeIndex));
                        if (r.missed()) {
                            log.add(new Missed(since));
                        }
                        r.events().forEach(e -> record(e));
                    }
                }
                w.pollLoop.execute(() -> poll(w, gen));
            });
        }

        void disconnect() {
            Subscription s;
            CompletableFuture<ReplayResult> p;
            synchronized (this) {
                if (!connected) {
                    return;
                }
                connected = false;
                generation++;
                s = subscription;
                p = pending;
                subscription = null;
                pending = null;
            }
            if (s != null) {
                s.close();
            }
            if (p != null) {
                p.cancel(false);
            }
        }

        private void record(Event e) {
            log.add(e.id());
            position = e.id();
        }

        synchronized void verify(List<Event> acknowledged) {
            List<Long> ids = log.stream().filter(o -> o instanceof Long).map(o -> (Long) o).toList();
            assertThat(ids).as("client %s: ids strictly increasing, no duplicate", this).isSorted().doesNotHaveDuplicates();
            for (Event e : acknowledged) {
                if (e.id() <= start || !topics.contains(e.topic()) || log.contains(e.id())) {
                    continue;
                }
                // not received: a missed signal must lie after every event older than it and before the next newer one
                int next = log.size();
                int lastOlder = -1;
                for (int i = 0; i < log.size(); i++) {
                    if (log.get(i) instanceof Long id) {
                        if (id < e.id()) {
                            lastOlder = i;
                        } else if (next == log.size()) {
                            next = i;
                        }
                    }
                }
                boolean covered = false;
                long upTo = 0;
                for (int i = 0; i < next; i++) {
                    Object o = log.get(i);
                    if (o instanceof Connect c) {
                        upTo = c.upTo();
                    } else if (o instanceof Missed m && m.after() < e.id()) {
                        // right before the next later event, or a reset at (re)connection covering what existed then
                        covered |= i > lastOlder || e.id() <= upTo && sameConnection(i, next);
                    }
                }
                assertThat(covered).as("client %s lost event %s without a missed signal; log %s", this, e, log).isTrue();
            }
        }

        synchronized String state() {
            return "connected=" + connected + " generation=" + generation + " position=" + position + " pending="
                    + pending + " log tail=" + log.subList(Math.max(0, log.size() - 8), log.size());
        }

        private boolean sameConnection(int from, int to) {
            for (int i = from + 1; i < to && i < log.size(); i++) {
                if (log.get(i) instanceof Connect) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return n + (polls ? " (long-poll " : " (stream ") + topics + " from " + start + ")";
        }

        /** One connection of the client; once the client has moved on, what it still gets is dropped (a closed socket). */
        private final class Connection implements Subscriber {
            private final int gen;

            Connection(int gen) {
                this.gen = gen;
            }

            @Override
            public void onEvent(Event event) {
                synchronized (Client.this) {
                    if (generation == gen) {
                        record(event);
                    }
                }
            }

            @Override
            public void onMissed(long lastEventId) {
                synchronized (Client.this) {
                    if (generation == gen) {
                        log.add(new Missed(lastEventId));
                    }
                }
            }

            @Override
            public void onClose() {
                synchronized (Client.this) {
                    if (generation == gen) {
                        connected = false; // closed by the server (restart, slow): the client resumes later
                        generation++;
                        subscription = null;
                    }
                }
            }
        }
    }
}
