package io.herald.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** A server's compiler and collector totals as {@code jcmd PerfCounter.print} lists them on JDK 17. */
class JvmCountersTest {

    private static final String SERIAL = """
            sun.ci.standardCompiles=885
            sun.ci.totalBailouts=0
            sun.ci.totalCompiles=889
            sun.gc.collector.0.invocations=11
            sun.gc.collector.0.lastEntryTime=4417369786
            sun.gc.collector.0.name="Serial young collection pauses"
            sun.gc.collector.0.time=90870232
            sun.gc.collector.1.invocations=2
            sun.gc.collector.1.name="Serial full collection pauses"
            sun.gc.collector.1.time=94522000
            sun.os.hrt.frequency=1000000000
            """;

    @Test
    void compilesCollectionsAndPauseTimeAreReadWithPausesInMilliseconds() {
        JvmCounters c = JvmCounters.parse(SERIAL);
        assertEquals(889, c.compiles());
        assertEquals(13, c.collections());
        assertEquals(2, c.fullCollections());
        assertEquals(185.392232, c.pauseMs(), 1e-9);
    }

    @Test
    void pauseTicksAreConvertedWithTheListedFrequency() {
        String counters = SERIAL.replace("sun.os.hrt.frequency=1000000000", "sun.os.hrt.frequency=1000000");
        assertEquals(185392.232, JvmCounters.parse(counters).pauseMs(), 1e-6);
    }

    @Test
    void theDifferenceOfTwoReadingsIsWhatHappenedBetweenThem() {
        JvmCounters before = JvmCounters.parse(SERIAL);
        JvmCounters after = JvmCounters.parse(SERIAL
                .replace("collector.1.invocations=2", "collector.1.invocations=3")
                .replace("collector.1.time=94522000", "collector.1.time=334522000")
                .replace("totalCompiles=889", "totalCompiles=894"));
        JvmCounters d = after.since(before);
        assertEquals(5, d.compiles());
        assertEquals(1, d.collections());
        assertEquals(1, d.fullCollections());
        assertEquals(240.0, d.pauseMs(), 1e-9);
        assertEquals(new JvmCounters(1778, 26, 4, 2 * before.pauseMs()), before.plus(before));
    }

    @Test
    void aListingWithoutTheCompilerTotalIsUnknown() {
        assertNull(JvmCounters.parse("12345:\ncom.sun.tools.attach.AttachNotSupportedException: Unable to open socket file"));
    }
}
