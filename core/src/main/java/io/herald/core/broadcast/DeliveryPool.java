package io.herald.core.broadcast;

import io.herald.core.time.Saturating;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The delivery threads, with compensation for writes that block. A write to a client that stopped
 * reading blocks its thread until the socket takes the bytes or the container's write timeout
 * ends it; if such writes held every delivery thread, every other subscriber would wait too. So
 * a watchdog ({@link #rebalance()}, run every {@value #STUCK_AFTER_MS} / 2 ms on the hub's timer
 * once {@link #watchOn} was called) counts threads stuck in one subscriber call for longer than
 * {@code stuckAfterNanos} and adds as many extra threads, up to {@code maxExtra}; extra threads
 * end once idle again for 30 s.
 *
 * <p>Cost on the delivery path: {@link #enter()} and {@link #exit()}, one clock read and two
 * volatile writes per subscriber call.
 */
final class DeliveryPool extends ThreadPoolExecutor {

    /** A subscriber call (a write) longer than this is a stuck delivery thread, compensated for. */
    static final long STUCK_AFTER_MS = 250;

    private final int base;
    private final int maxExtra;
    private final long stuckAfterNanos;
    private final Set<Worker> workers = ConcurrentHashMap.newKeySet();

    DeliveryPool(int base, int maxExtra, long stuckAfterNanos) {
        super(base, base + maxExtra, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
        this.base = base;
        this.maxExtra = maxExtra;
        this.stuckAfterNanos = stuckAfterNanos;
        AtomicInteger n = new AtomicInteger();
        setThreadFactory(r -> {
            Worker w = new Worker(() -> {
                try {
                    r.run();
                } finally {
                    workers.remove((Worker) Thread.currentThread());
                }
            }, "herald-delivery-" + n.incrementAndGet());
            w.setDaemon(true);
            workers.add(w);
            return w;
        });
    }

    /** A pool whose stuck threshold is {@value #STUCK_AFTER_MS} ms. */
    DeliveryPool(int base, int maxExtra) {
        this(base, maxExtra, TimeUnit.MILLISECONDS.toNanos(STUCK_AFTER_MS));
    }

    /** Starts the watchdog on {@code timer}: {@link #rebalance()} every half stuck threshold. */
    void watchOn(ScheduledExecutorService timer) {
        long period = TimeUnit.NANOSECONDS.toMillis(stuckAfterNanos) / 2;
        timer.scheduleWithFixedDelay(this::rebalance, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Waits up to {@code grace} until nothing is queued or running (polling, since a pool has no
     * idle signal).
     *
     * @return whether the pool was idle in time
     */
    boolean awaitIdle(Duration grace) {
        long deadline = Saturating.deadlineNanos(System.nanoTime(), grace);
        while (!(getActiveCount() == 0 && getQueue().isEmpty())) {
            if (System.nanoTime() >= deadline) { // a saturated deadline is compared as a value, not a difference
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Marks the calling delivery thread as busy in a subscriber call from now. */
    static void enter() {
        if (Thread.currentThread() instanceof Worker w) {
            w.busySince = System.nanoTime();
        }
    }

    /** Marks the calling delivery thread as no longer in a subscriber call. */
    static void exit() {
        if (Thread.currentThread() instanceof Worker w) {
            w.busySince = 0;
        }
    }

    /** Threads busy in one subscriber call for longer than the stuck threshold now. */
    int stuckThreads() {
        long now = System.nanoTime();
        int stuck = 0;
        for (Worker w : workers) {
            long since = w.busySince;
            if (since != 0 && now - since > stuckAfterNanos) {
                stuck++;
            }
        }
        return stuck;
    }

    /** Sizes the pool to {@code base} plus one thread per stuck one (at most {@code maxExtra}). */
    void rebalance() {
        int wanted = base + Math.min(stuckThreads(), maxExtra);
        if (wanted != getCorePoolSize()) {
            setCorePoolSize(wanted); // a larger core starts threads for queued work at once
        }
    }

    private static final class Worker extends Thread {
        volatile long busySince;

        Worker(Runnable r, String name) {
            super(r, name);
        }
    }
}
