package io.herald.client;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of one client: the executor that reads streams and polls and calls listeners (the
 * JAX-RS client reads blocking, so each open read holds one of its threads), and one timer thread
 * for the waits between attempts, so that waiting holds no reading thread.
 *
 * <p>A task handed in while the client closes is dropped: whatever it would have done belongs to a
 * subscription that is closed too.
 */
final class ClientThreads {

    private final ExecutorService executor;
    private final boolean ownExecutor;
    private final ScheduledExecutorService timer;

    /** {@code executor} null: the client owns a cached pool of daemon threads (and shuts it down). */
    ClientThreads(ExecutorService executor) {
        this.ownExecutor = executor == null;
        this.executor = ownExecutor ? Executors.newCachedThreadPool(daemons("herald-client")) : executor;
        this.timer = Executors.newSingleThreadScheduledExecutor(daemons("herald-client-timer"));
    }

    /** The executor, for the JAX-RS client's own asynchronous work. */
    ExecutorService executor() {
        return executor;
    }

    /** Runs {@code task} on the executor; dropped when the client is closing. */
    void run(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            // client closing
        }
    }

    /** Runs {@code task} on the executor after {@code delay}; null when the client is closing. */
    ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        try {
            return timer.schedule(() -> run(task), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return null; // client closing
        }
    }

    /** Cancels every wait still pending. */
    void stopTimer() {
        timer.shutdownNow();
    }

    /**
     * Runs {@code task} on the executor, or here once the caller's executor is shut down: for
     * releases that must happen even then.
     */
    void runOrHere(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }

    /** Shuts the executor down if the client made it; a caller's executor is the caller's to stop. */
    void shutdown() {
        if (ownExecutor) {
            executor.shutdown();
        }
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
