package io.herald.jakarta.sse;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that write to registered sinks, so that Herald's delivery threads only queue (a sink's
 * {@code send} may block: Jersey's writes to the connection before it returns), and the keepalive
 * tick: every {@code keepAlive} each open sink that wrote nothing since the last tick gets a comment,
 * which is also how a client that went away is noticed (its write fails) on containers that do not
 * report it. A client that stops reading holds one writer thread for up to the container's write
 * timeout; the other sinks' writes wait meanwhile, Herald's delivery never does.
 */
@ApplicationScoped
public class SinkWriters {

    private final Set<SinkStream> open = ConcurrentHashMap.newKeySet();
    private SseBroadcasterSettings settings;
    private ExecutorService writers;
    private ScheduledExecutorService ticks;

    @PostConstruct
    void start() {
        settings = SseBroadcasterSettings.fromConfig();
        writers = Executors.newFixedThreadPool(settings.writerThreads(), daemon("herald-sink-writer-"));
        ticks = Executors.newSingleThreadScheduledExecutor(daemon("herald-sink-keepalive-"));
        long ms = settings.keepAlive().toMillis();
        ticks.scheduleAtFixedRate(() -> open.forEach(SinkStream::keepAliveTick), ms, ms, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        ticks.shutdownNow();
        writers.shutdown();
    }

    SseBroadcasterSettings settings() {
        return settings;
    }

    ExecutorService writers() {
        return writers;
    }

    void opened(SinkStream stream) {
        open.add(stream);
    }

    void ended(SinkStream stream) {
        open.remove(stream);
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
