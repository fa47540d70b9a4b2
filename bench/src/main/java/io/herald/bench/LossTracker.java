package io.herald.bench;

import java.util.BitSet;

/**
 * Per-subscriber record of the sequence numbers it received (sequence numbers are assigned by the
 * bench itself, 1..M per topic, and carried in the payload). Detects gaps in arrival order,
 * duplicates and out-of-order arrivals; {@link #missing(long, long)} is the authoritative loss count.
 */
public final class LossTracker {
    private final BitSet seen = new BitSet();
    private long maxSeq;
    private long received;
    private long duplicates;
    private long outOfOrder;
    private long gapsObserved;

    public void see(long seq) {
        if (seq <= 0 || seq > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("seq " + seq);
        }
        int s = (int) seq;
        if (seen.get(s)) {
            duplicates++;
            return;
        }
        seen.set(s);
        received++;
        if (seq < maxSeq) {
            outOfOrder++;
        } else {
            if (seq > maxSeq + 1 && maxSeq > 0) {
                gapsObserved++;
            }
            maxSeq = seq;
        }
    }

    /** Ids in [from, to] this subscriber never received. */
    public long missing(long from, long to) {
        if (to < from) {
            return 0;
        }
        return (to - from + 1) - seen.get((int) from, (int) to + 1).cardinality();
    }

    /** Whether every id in [from, to] was received. */
    public boolean complete(long from, long to) {
        return missing(from, to) == 0;
    }

    public long received() {
        return received;
    }

    public long duplicates() {
        return duplicates;
    }

    public long outOfOrder() {
        return outOfOrder;
    }

    /** Times a delivery skipped ahead of the previous highest id (a gap at that moment; may be filled later). */
    public long gapsObserved() {
        return gapsObserved;
    }

    public long maxSeq() {
        return maxSeq;
    }
}
