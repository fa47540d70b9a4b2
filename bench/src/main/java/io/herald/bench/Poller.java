package io.herald.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A long-poll client: re-polls on the same keep-alive connection after every response. */
final class Poller extends Conn {
    final Group group;
    final LossTracker loss = new LossTracker();
    final Target.PollState state = new Target.PollState();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream(256);
    private int status;
    private Map<String, String> headers;
    boolean waiting;
    boolean connected;
    boolean everEstablished;
    int reconnects;

    Poller(Loop loop, Bench bench, Group group) {
        super(loop, bench);
        this.group = group;
    }

    @Override
    void onConnected() {
        loop.handshakeDone(this);
        connected = true;
        everEstablished = true;
        group.established.incrementAndGet();
        poll();
    }

    private void poll() {
        waiting = true;
        group.waiting.incrementAndGet();
        send(requestHead(bench.target.pollRequestLine(group.topic, state, group.pollTimeoutS)));
    }

    @Override
    public void onHead(int status, Map<String, String> headers) {
        if (waiting) {
            waiting = false;
            group.waiting.decrementAndGet();
        }
        this.status = status;
        this.headers = headers;
        body.reset();
    }

    @Override
    public void onBody(byte[] b, int off, int len) {
        body.write(b, off, len);
    }

    @Override
    public void onComplete() {
        long now = System.nanoTime();
        if (status == 200) {
            String text = body.toString(StandardCharsets.UTF_8);
            bench.target.onPollResponse(status, headers, text, state, data -> {
                long seq = loop.stats.record(data, now);
                if (seq > 0) {
                    loss.see(seq);
                    bench.nodeDeliveries[node].increment();
                } else {
                    bench.other.increment();
                }
            });
        } else if (status != 204 && status != 304 && status != 408) {
            bench.error("http-" + status);
        }
        String conn = headers == null ? null : headers.get("connection");
        if (group.closed) {
            return;
        }
        if (conn != null && conn.equalsIgnoreCase("close")) {
            closing = true;
            close(true);
            connected = false;
            group.established.decrementAndGet();
            loop.enqueueConnect(this);
        } else {
            poll();
        }
    }

    @Override
    void onFailure(String kind, Exception e) {
        bench.error(kind);
        if (waiting) {
            waiting = false;
            group.waiting.decrementAndGet();
        }
        if (connected) {
            connected = false;
            group.established.decrementAndGet();
        }
        if (reconnects++ < 5 && !group.closed) {
            loop.enqueueConnect(this);
        }
    }

    void shutdown() {
        cancelled = true;
        close(true);
    }
}
