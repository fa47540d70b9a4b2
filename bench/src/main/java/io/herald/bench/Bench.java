package io.herald.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;
import org.HdrHistogram.Histogram;

/** The client side: selector loops, groups of subscribers/pollers, shared counters. */
final class Bench implements AutoCloseable {
    final Target target;
    /** Node 0 takes the publishes; subscribers and pollers are spread over all nodes. */
    final InetSocketAddress[] addresses;
    final String[] hostHeaders;
    final InetSocketAddress address;
    final String hostHeader;
    /** Payload deliveries per node, counted by the loop threads. */
    final LongAdder[] nodeDeliveries;
    final Loop[] loops;
    final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    final LongAdder other = new LongAdder();
    final LongAdder resets = new LongAdder();
    volatile long[] pubNanos = new long[1];
    String padding = "";

    Bench(Target target, String host, int port, int loopCount, int maxInFlight) throws IOException {
        this(target, host, new int[] {port}, loopCount, maxInFlight);
    }

    Bench(Target target, String host, int[] ports, int loopCount, int maxInFlight) throws IOException {
        this.target = target;
        this.addresses = new InetSocketAddress[ports.length];
        this.hostHeaders = new String[ports.length];
        this.nodeDeliveries = new LongAdder[ports.length];
        for (int i = 0; i < ports.length; i++) {
            addresses[i] = new InetSocketAddress(host, ports[i]);
            hostHeaders[i] = host + ":" + ports[i];
            nodeDeliveries[i] = new LongAdder();
        }
        this.address = addresses[0];
        this.hostHeader = hostHeaders[0];
        this.loops = new Loop[loopCount];
        for (int i = 0; i < loopCount; i++) {
            loops[i] = new Loop(i, maxInFlight);
            loops[i].start();
        }
    }

    void error(String kind) {
        errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    long errorCount() {
        return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    String errorSummary() {
        Map<String, Long> m = new TreeMap<>();
        errors.forEach((k, v) -> m.put(k, v.sum()));
        return m.toString();
    }

    void resetErrors() {
        errors.clear();
        other.reset();
        resets.reset();
    }

    /** Fresh measurement arrays for a scenario publishing at most maxSeq events in `steps` steps. */
    void newStats(int maxSeq, int steps) {
        pubNanos = new long[maxSeq + 1];
        for (Loop l : loops) {
            LoopStats s = new LoopStats(maxSeq, steps);
            l.call(() -> {
                l.stats = s;
                return null;
            });
        }
    }

    Group open(String topic, int n, boolean sse) {
        Group g = new Group(topic, loops.length);
        for (int i = 0; i < n; i++) {
            int li = i % loops.length;
            Loop l = loops[li];
            Conn c = sse ? new SseSub(l, this, g) : new Poller(l, this, g);
            c.node = nodeOf(i, loops.length, addresses.length);
            g.perLoop.get(li).add(c);
        }
        for (int li = 0; li < loops.length; li++) {
            List<Conn> conns = g.perLoop.get(li);
            Loop l = loops[li];
            l.execute(() -> conns.forEach(l::enqueueConnect));
        }
        return g;
    }

    /** Connection i's node: consecutive connections of one loop alternate nodes, so every loop serves every node. */
    static int nodeOf(int i, int loopCount, int nodeCount) {
        return (i / loopCount) % nodeCount;
    }

    /** Payload deliveries per node so far. */
    long[] nodeDeliveries() {
        long[] r = new long[nodeDeliveries.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = nodeDeliveries[i].sum();
        }
        return r;
    }

    void close(Group g) {
        g.closed = true;
        for (int li = 0; li < loops.length; li++) {
            List<Conn> conns = g.perLoop.get(li);
            loops[li].call(() -> {
                for (Conn c : conns) {
                    if (c instanceof SseSub) {
                        ((SseSub) c).shutdown();
                    } else {
                        ((Poller) c).shutdown();
                    }
                }
                return null;
            });
        }
    }

    long deliveries() {
        long d = 0;
        for (Loop l : loops) {
            d += l.stats.deliveries();
        }
        return d;
    }

    /** Per-delivery latency (µs) over steps [fromStep, toStep], merged over the loops. */
    Histogram latency(int fromStep, int toStep) {
        Histogram h = new Histogram(LoopStats.MAX_US, 3);
        for (Loop l : loops) {
            h.add(l.call(() -> {
                Histogram c = new Histogram(LoopStats.MAX_US, 3);
                for (int i = fromStep; i <= toStep; i++) {
                    c.add(l.stats.perStep[i]);
                }
                return c;
            }));
        }
        return h;
    }

    /** One histogram of every loop's stats, merged on each loop's thread. */
    Histogram merged(java.util.function.Function<LoopStats, Histogram> which) {
        Histogram h = new Histogram(LoopStats.MAX_US, 3);
        for (Loop l : loops) {
            h.add(l.call(() -> which.apply(l.stats).copy()));
        }
        return h;
    }

    long stepDeliveries(int step) {
        long d = 0;
        for (Loop l : loops) {
            d += l.call(() -> l.stats.stepDeliveries[step]);
        }
        return d;
    }

    long stepLastRecv(int step) {
        long t = 0;
        for (Loop l : loops) {
            t = Math.max(t, l.call(() -> l.stats.stepLastRecv[step]));
        }
        return t;
    }

    /** Per event seq in [from, to]: latency from publish to the last receiver, µs (events nobody received are skipped). */
    Histogram lastReceiver(int from, int to) {
        long[] last = new long[to + 1];
        for (Loop l : loops) {
            long[] mine = l.call(() -> l.stats.lastRecv.clone());
            for (int s = from; s <= to && s < mine.length; s++) {
                last[s] = Math.max(last[s], mine[s]);
            }
        }
        Histogram h = new Histogram(LoopStats.MAX_US, 3);
        for (int s = from; s <= to; s++) {
            if (last[s] > 0 && pubNanos[s] > 0) {
                h.recordValue(Math.max(0, Math.min(LoopStats.MAX_US, (last[s] - pubNanos[s]) / 1000)));
            }
        }
        return h;
    }

    /** Loss over every subscriber that was ever established: [lost, duplicates, gapsObserved, outOfOrder, checkedSubscribers, incompleteSubscribers]. */
    long[] loss(Group g, long from, long to) {
        long[] total = new long[6];
        for (int li = 0; li < loops.length; li++) {
            List<Conn> conns = g.perLoop.get(li);
            long[] part = loops[li].call(() -> {
                long[] r = new long[6];
                for (Conn c : conns) {
                    LossTracker t;
                    boolean ever;
                    if (c instanceof SseSub) {
                        t = ((SseSub) c).loss;
                        ever = ((SseSub) c).everEstablished;
                    } else {
                        t = ((Poller) c).loss;
                        ever = ((Poller) c).everEstablished;
                    }
                    if (!ever) {
                        continue;
                    }
                    long m = t.missing(from, to);
                    r[0] += m;
                    r[1] += t.duplicates();
                    r[2] += t.gapsObserved();
                    r[3] += t.outOfOrder();
                    r[4]++;
                    if (m > 0) {
                        r[5]++;
                    }
                }
                return r;
            });
            for (int k = 0; k < 6; k++) {
                total[k] += part[k];
            }
        }
        return total;
    }

    void forEachSub(Group g, BiFunction<Loop, SseSub, Void> f) {
        for (int li = 0; li < loops.length; li++) {
            List<Conn> conns = g.perLoop.get(li);
            Loop l = loops[li];
            l.execute(() -> conns.forEach(c -> f.apply(l, (SseSub) c)));
        }
    }

    @Override
    public void close() {
        for (Loop l : loops) {
            l.shutdown();
        }
    }
}
