package io.herald.web.stream;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import io.herald.core.time.Saturating;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one timer for every stream's keepalive: a tiny shared pool, never a thread per stream.
 * Two threads so that one write stuck on a full socket does not stall every other stream's tick.
 */
@ApplicationScoped
public class KeepAliveScheduler {

    private static final int THREADS = 2;

    private ScheduledThreadPoolExecutor timer;

    /** Started here rather than in the constructor, which CDI may also run for its proxy. */
    @PostConstruct
    void start() {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory threads = task -> {
            Thread thread = new Thread(task, "herald-keepalive-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        timer = new ScheduledThreadPoolExecutor(THREADS, threads);
        // Streams come and go all the time; drop their cancelled ticks at once rather than on expiry.
        timer.setRemoveOnCancelPolicy(true);
    }

    /**
     * Runs {@code tick} every {@code interval}, first after one interval, until the result is
     * cancelled; null if the application is stopping.
     */
    public ScheduledFuture<?> every(Duration interval, Runnable tick) {
        long nanos = Math.max(1, Saturating.nanos(interval)); // the executor refuses 0 and overflows nothing
        try {
            return timer.scheduleWithFixedDelay(tick, nanos, nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            return null;
        }
    }

    /** Runs {@code task} once after {@code delay}; null if the application is stopping. */
    public ScheduledFuture<?> once(Duration delay, Runnable task) {
        try {
            // a delay of centuries (a token's far exp) saturates; the executor handles Long.MAX_VALUE
            return timer.schedule(task, Saturating.nanos(delay), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            return null; // the application is stopping and every stream with it
        }
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
