package io.herald.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LossTrackerTest {

    @Test
    void inOrderNoLoss() {
        LossTracker t = new LossTracker();
        for (int i = 1; i <= 20; i++) {
            t.see(i);
        }
        assertEquals(0, t.missing(1, 20));
        assertTrue(t.complete(1, 20));
        assertEquals(0, t.gapsObserved());
        assertEquals(20, t.received());
    }

    @Test
    void gapIsLoss() {
        LossTracker t = new LossTracker();
        t.see(1);
        t.see(2);
        t.see(5);
        assertEquals(1, t.gapsObserved());
        assertEquals(2, t.missing(1, 5));
        assertFalse(t.complete(1, 5));
    }

    @Test
    void tailNeverReceivedIsLoss() {
        LossTracker t = new LossTracker();
        t.see(1);
        assertEquals(19, t.missing(1, 20));
    }

    @Test
    void lateArrivalFillsGapButCountsOutOfOrder() {
        LossTracker t = new LossTracker();
        t.see(1);
        t.see(3);
        t.see(2);
        assertEquals(0, t.missing(1, 3));
        assertEquals(1, t.outOfOrder());
        assertEquals(1, t.gapsObserved());
    }

    @Test
    void duplicatesAreCountedNotDoubleReceived() {
        LossTracker t = new LossTracker();
        t.see(1);
        t.see(2);
        t.see(2);
        t.see(1);
        assertEquals(2, t.duplicates());
        assertEquals(2, t.received());
        assertEquals(0, t.missing(1, 2));
    }

    @Test
    void emptyRange() {
        assertEquals(0, new LossTracker().missing(1, 0));
    }
}
