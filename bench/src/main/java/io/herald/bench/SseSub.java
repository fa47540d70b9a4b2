package io.herald.bench;

import java.util.Map;

/** One EventSource-like subscriber: keeps its Last-Event-ID and its loss record across reconnects. */
final class SseSub extends Conn implements SseParser.Listener {
    final Group group;
    final LossTracker loss = new LossTracker();
    String lastId;
    private SseParser sse;
    boolean established;
    boolean everEstablished;
    int reconnects;
    /** nanoTime of the last {@link #dropAndReconnect()} until the new stream's head; 0 otherwise. */
    private long droppedAt;
    /** nanoTime of a reconnected stream's head until its first event; 0 otherwise. */
    private long reconnectedAt;

    SseSub(Loop loop, Bench bench, Group group) {
        super(loop, bench);
        this.group = group;
    }

    @Override
    void onConnected() {
        StringBuilder h = new StringBuilder("GET ").append(bench.target.streamPath(group.topic)).append(" HTTP/1.1\r\n")
                .append("Accept: text/event-stream\r\nCache-Control: no-cache\r\n");
        if (lastId != null) {
            h.append("Last-Event-ID: ").append(lastId).append("\r\n");
        }
        send(requestHead(h.toString()));
    }

    @Override
    public void onHead(int status, Map<String, String> headers) {
        loop.handshakeDone(this);
        if (status != 200) {
            bench.error("http-" + status);
            closing = true; // handled here; no second error
            close(true);
            retry();
            return;
        }
        established = true;
        everEstablished = true;
        if (droppedAt != 0) {
            reconnectedAt = System.nanoTime();
            loop.stats.reconnect.recordValue(micros(reconnectedAt - droppedAt));
            droppedAt = 0;
        }
        sse = new SseParser(this, lastId);
        group.established.incrementAndGet();
    }

    @Override
    public void onBody(byte[] b, int off, int len) {
        if (sse != null) {
            sse.feed(b, off, len);
        }
    }

    @Override
    public void onComplete() {
        fail("stream-ended", null);
    }

    @Override
    public void onEvent(String id, String type, String data) {
        lastId = id;
        long now = System.nanoTime();
        if (reconnectedAt != 0) {
            loop.stats.headToFirstEvent.recordValue(micros(now - reconnectedAt));
            reconnectedAt = 0;
        }
        long seq = loop.stats.record(data, now);
        if (seq > 0) {
            loss.see(seq);
            bench.nodeDeliveries[node].increment();
        } else if ("reset".equals(type)) {
            bench.resets.increment(); // Herald: "your Last-Event-ID is older than the replay buffer"
        } else {
            bench.other.increment();
        }
    }

    @Override
    void onFailure(String kind, Exception e) {
        bench.error(kind);
        if (established) {
            established = false;
            group.established.decrementAndGet();
        }
        retry();
    }

    private void retry() {
        if (group.reconnectOnFailure && reconnects++ < 5 && !group.closed) {
            loop.enqueueConnect(this);
        }
    }

    /** Drop the connection abruptly and reconnect with Last-Event-ID (loop thread). */
    void dropAndReconnect() {
        if (established) {
            established = false;
            group.established.decrementAndGet();
        }
        close(true);
        sse = null;
        droppedAt = System.nanoTime();
        reconnectedAt = 0;
        loop.enqueueConnect(this);
    }

    void shutdown() {
        cancelled = true;
        close(true);
    }

    private static long micros(long nanos) {
        return Math.min(LoopStats.MAX_US, nanos / 1000);
    }
}
