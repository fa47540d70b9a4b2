package io.herald.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ReportTest {

    @Test
    void histogramPercentilesInMs() {
        Histogram h = new Histogram(LoopStats.MAX_US, 3);
        for (int i = 1; i <= 100; i++) {
            h.recordValue(i * 1000L); // 1..100 ms
        }
        Map<String, String> out = new LinkedHashMap<>();
        Report.latency(out, "x.", h);
        assertEquals("50.0", out.get("x.p50_ms"));
        assertEquals("90.0", out.get("x.p90_ms"));
        assertEquals("99.0", out.get("x.p99_ms"));
        assertEquals("100.0", out.get("x.max_ms"));
        assertEquals("100", out.get("x.count"));
    }

    @Test
    void loopStatsParsesPayloadAndTracksLastReceiver() {
        LoopStats s = new LoopStats(10, 2);
        assertEquals(3, s.record("3,1000000,1", 3_000_000));
        assertEquals(3, s.record("3,1000000,1", 5_000_000));
        assertEquals(-1, s.record("garbage", 1));
        assertEquals(-1, s.record("99,1,0", 1)); // beyond capacity
        assertEquals(2, s.perStep[1].getTotalCount());
        assertEquals(4000, s.perStep[1].getMaxValue(), 10);
        assertEquals(5_000_000, s.lastRecv[3]);
        assertEquals(2, s.count[3]);
        assertEquals(2, s.deliveries());
        assertEquals(2, s.stepDeliveries[1]);
    }

    @Test
    void tableHasRatioHeraldOverNchan() {
        Properties h = new Properties();
        Properties n = new Properties();
        h.setProperty("s2.p99_ms", "300.0");
        n.setProperty("s2.p99_ms", "150.0");
        h.setProperty("s2.lost", "0");
        n.setProperty("s2.lost", "0");
        String t = Report.table(h, n);
        assertTrue(t.contains("| 2 burst: per-delivery p99 (ms) | 300.0 | 150.0 | 2.00 | lower |"), t);
        assertTrue(t.contains("| 2 burst: events lost | 0 | 0 | = | lower |"), t);
        assertTrue(!t.contains("1 idle"), "rows absent on both sides are skipped");
    }

    @Test
    void threeColumnTableHasWildFlyBesidePayaraAndNchan() {
        Properties h = new Properties();
        Properties n = new Properties();
        Properties w = new Properties();
        h.setProperty("s2.p99_ms", "300.0");
        n.setProperty("s2.p99_ms", "150.0");
        w.setProperty("s2.p99_ms", "600.0");
        w.setProperty("s2.lost", "0");
        String t = Report.table(h, n, w);
        assertTrue(t.startsWith("| scenario / metric | Herald (Payara) | Herald (WildFly) | nginx+nchan |"), t);
        assertTrue(t.contains("| 2 burst: per-delivery p99 (ms) | 300.0 | 600.0 | 150.0 | 2.00 | 4.00 | lower |"), t);
        assertTrue(t.contains("| 2 burst: events lost | – | 0 | – | n/a | n/a | lower |"), t);
    }

    @Test
    void ratioHandlesMissing() {
        assertEquals("n/a", Report.ratio(null, "1"));
        assertEquals("n/a", Report.ratio("x", "1"));
        assertEquals("0.50", Report.ratio("1", "2"));
    }
}
