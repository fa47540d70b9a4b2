package io.herald.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The subscribers (or pollers) of one scenario on one topic, spread over the loops. */
final class Group {
    final String topic;
    final AtomicInteger established = new AtomicInteger();
    final AtomicInteger waiting = new AtomicInteger();
    final List<List<Conn>> perLoop = new ArrayList<>();
    volatile boolean closed;
    boolean reconnectOnFailure = true;
    int pollTimeoutS = 25;

    Group(String topic, int loops) {
        this.topic = topic;
        for (int i = 0; i < loops; i++) {
            perLoop.add(new ArrayList<>());
        }
    }
}
