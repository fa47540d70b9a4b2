package io.herald.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/** One selector thread owning a share of the client connections. */
final class Loop extends Thread {
    final Selector selector;
    final ByteBuffer readBuf = ByteBuffer.allocate(64 * 1024);
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<Conn> waitingToConnect = new ArrayDeque<>();
    final Set<Conn> inFlight = new LinkedHashSet<>();
    final int maxInFlight;
    volatile LoopStats stats;
    private volatile boolean running = true;
    private long nextTimeoutCheck;

    Loop(int index, int maxInFlight) throws IOException {
        super("bench-loop-" + index);
        setDaemon(true);
        this.selector = Selector.open();
        this.maxInFlight = maxInFlight;
    }

    void execute(Runnable r) {
        tasks.add(r);
        selector.wakeup();
    }

    <T> T call(Supplier<T> s) {
        CompletableFuture<T> f = new CompletableFuture<>();
        execute(() -> {
            try {
                f.complete(s.get());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f.join();
    }

    /** Queue a connection attempt (loop thread only); at most maxInFlight handshakes at once. */
    void enqueueConnect(Conn c) {
        waitingToConnect.add(c);
        pump();
    }

    /** A connection finished its handshake (or failed): admit the next one (loop thread only). */
    void handshakeDone(Conn c) {
        if (inFlight.remove(c)) {
            pump();
        }
    }

    private void pump() {
        while (inFlight.size() < maxInFlight && !waitingToConnect.isEmpty()) {
            Conn c = waitingToConnect.poll();
            if (c.cancelled) {
                continue;
            }
            inFlight.add(c);
            c.handshakeStart = System.nanoTime();
            c.open();
        }
    }

    void shutdown() {
        running = false;
        selector.wakeup();
    }

    @Override
    public void run() {
        while (running) {
            try {
                selector.select(100);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
            Runnable r;
            while ((r = tasks.poll()) != null) {
                r.run();
            }
            Set<SelectionKey> keys = selector.selectedKeys();
            Iterator<SelectionKey> it = keys.iterator();
            while (it.hasNext()) {
                SelectionKey k = it.next();
                it.remove();
                Conn c = (Conn) k.attachment();
                c.ready(k);
            }
            long now = System.nanoTime();
            if (now > nextTimeoutCheck) {
                nextTimeoutCheck = now + 500_000_000L;
                for (Conn c : inFlight.toArray(new Conn[0])) {
                    if (now - c.handshakeStart > c.handshakeTimeoutNanos()) {
                        c.fail("timeout", new IOException("no response head within timeout"));
                    }
                }
            }
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
