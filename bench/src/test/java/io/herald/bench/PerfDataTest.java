package io.herald.bench;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A JVM's counters read from its performance data, here this test's own JVM. */
class PerfDataTest {

    @Test
    void aRunningJvmsCompilesAndCollectionsAreReadAndTheyGrow() {
        long self = ProcessHandle.current().pid();
        JvmCounters before = JvmCounters.parse(PerfData.listing(self));
        assertNotNull(before);
        assertTrue(before.compiles() > 0, "the JIT compiled something before the test ran");
        System.gc();
        JvmCounters after = JvmCounters.parse(PerfData.listing(self));
        assertTrue(after.since(before).collections() > 0, "System.gc() was counted");
        assertTrue(after.since(before).pauseMs() > 0, "and its pause");
    }

    @Test
    void aProcessThatIsNoJvmHasNoCounters() {
        assertNull(PerfData.listing(Long.MAX_VALUE));
    }
}
