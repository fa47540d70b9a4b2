package io.herald.web.container.grizzly;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;

/**
 * The first filter of a taken-over stream's reading chain: hands each read of the connection to
 * a thread of its own, so that the selector thread that noticed it goes on at once.
 *
 * <p>Why: on a taken-over stream a read event is nearly always its client going away, and in a
 * reconnect storm thousands of them come at once, each costing the JDK's failed read with its
 * exceptions, Grizzly's own exceptions and close work. Read on the selector thread, they came
 * before the same clients' new requests, which that thread also serves: the new streams opened
 * only after most of the resets were handled (bench/PROFILE.md). Here the selector thread only
 * suspends the event (Grizzly stops watching the connection for reads meanwhile) and queues it;
 * the reads thread resumes the chain, whose transport filter reads and closes as before, and
 * Grizzly watches the connection again if it is still open.
 *
 * <p>One thread, started on demand and ended after a few idle seconds, so nothing of the
 * application's stays running after it is undeployed. Not for a waiting poll's connection
 * ({@link GrizzlyDisconnectWatch}): that one goes back to the container, and a read still queued
 * then would take the next request's bytes.
 */
final class GrizzlyStreamReads extends BaseFilter {

    private static final Executor READS = readsThread();

    private final Executor executor;

    GrizzlyStreamReads() {
        this(READS);
    }

    GrizzlyStreamReads(Executor executor) {
        this.executor = executor;
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) {
        ctx.suspend();
        executor.execute(ctx::resumeNext);
        return ctx.getSuspendAction();
    }

    private static Executor readsThread() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, "herald-stream-reads");
            thread.setDaemon(true);
            thread.setContextClassLoader(null); // holds no application class loader while it waits to end
            return thread;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
