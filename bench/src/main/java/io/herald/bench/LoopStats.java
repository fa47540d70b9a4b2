package io.herald.bench;

import org.HdrHistogram.Histogram;

/** Per selector-thread measurements for one scenario; written only by its loop thread, merged at the end. */
final class LoopStats {
    static final long MAX_US = 3_600_000_000L;

    final Histogram[] perStep;
    final long[] lastRecv;   // by seq: latest receipt time (nanoTime)
    final int[] count;       // by seq: deliveries
    final long[] stepDeliveries;
    final long[] stepLastRecv;
    /** Reconnects (scenario 5): from the reset to the response head of the new stream, µs. */
    final Histogram reconnect = new Histogram(MAX_US, 3);
    /** Reconnects: from the new stream's response head to its first event, µs. */
    final Histogram headToFirstEvent = new Histogram(MAX_US, 3);
    private volatile long deliveries;

    LoopStats(int maxSeq, int steps) {
        perStep = new Histogram[steps];
        for (int i = 0; i < steps; i++) {
            perStep[i] = new Histogram(MAX_US, 3);
        }
        lastRecv = new long[maxSeq + 1];
        count = new int[maxSeq + 1];
        stepDeliveries = new long[steps];
        stepLastRecv = new long[steps];
    }

    /** Records one delivery; data is "seq,pubNanos,step[,padding]". Returns the seq, or -1 if unparseable. */
    long record(String data, long now) {
        long seq = 0;
        long pub = 0;
        int step = 0;
        int field = 0;
        int n = data.length();
        int i = 0;
        for (; i < n; i++) {
            char c = data.charAt(i);
            if (c == ',') {
                if (++field == 3) {
                    break;
                }
                continue;
            }
            if (c < '0' || c > '9') {
                return -1;
            }
            int d = c - '0';
            if (field == 0) {
                seq = seq * 10 + d;
            } else if (field == 1) {
                pub = pub * 10 + d;
            } else {
                step = step * 10 + d;
            }
        }
        if (field < 2 || seq <= 0 || seq >= count.length || step >= perStep.length) {
            return -1;
        }
        long us = Math.max(0, Math.min(MAX_US, (now - pub) / 1000));
        perStep[step].recordValue(us);
        int s = (int) seq;
        count[s]++;
        if (now > lastRecv[s]) {
            lastRecv[s] = now;
        }
        stepDeliveries[step]++;
        if (now > stepLastRecv[step]) {
            stepLastRecv[step] = now;
        }
        deliveries = deliveries + 1; // single writer
        return seq;
    }

    long deliveries() {
        return deliveries;
    }
}
