package io.herald.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server JVM's running totals from its performance counters ({@link PerfData}, or
 * {@code jcmd PerfCounter.print}): JIT compiles, and the collectors' pauses (collector 0 is the
 * young generation's, collector 1 the full collections, for the serial, parallel and G1 collectors
 * alike). Differences of two readings say what the JVM did while a scenario measured, so that a
 * result can be read beside the pauses that fell in it.
 *
 * @param compiles    JIT compiles, standard and on-stack replacement
 * @param collections collections of every collector
 * @param fullCollections full collections (collector 1)
 * @param pauseMs     time in the collectors' pauses, milliseconds
 */
record JvmCounters(long compiles, long collections, long fullCollections, double pauseMs) {

    private static final Pattern COMPILES = Pattern.compile("(?m)^sun\\.ci\\.totalCompiles=(\\d+)$");
    private static final Pattern COLLECTOR = Pattern.compile("(?m)^sun\\.gc\\.collector\\.(\\d+)\\.(invocations|time)=(\\d+)$");
    private static final Pattern TICKS_PER_SECOND = Pattern.compile("(?m)^sun\\.os\\.hrt\\.frequency=(\\d+)$");

    /** The counters in a {@code PerfCounter.print} listing (name=value lines); null if it has no compiler total (not a HotSpot JVM, or jcmd failed). */
    static JvmCounters parse(String perfCounters) {
        Matcher compiles = COMPILES.matcher(perfCounters);
        if (!compiles.find()) {
            return null;
        }
        Matcher frequency = TICKS_PER_SECOND.matcher(perfCounters);
        double ticksPerMs = frequency.find() ? Long.parseLong(frequency.group(1)) / 1000.0 : 1_000_000.0;
        long collections = 0;
        long full = 0;
        long pauseTicks = 0;
        Matcher c = COLLECTOR.matcher(perfCounters);
        while (c.find()) {
            long value = Long.parseLong(c.group(3));
            if (c.group(2).equals("time")) {
                pauseTicks += value;
            } else {
                collections += value;
                if (c.group(1).equals("1")) {
                    full += value;
                }
            }
        }
        return new JvmCounters(Long.parseLong(compiles.group(1)), collections, full, pauseTicks / ticksPerMs);
    }

    /** The sum of two JVMs' counters (a cluster's nodes). */
    JvmCounters plus(JvmCounters other) {
        return new JvmCounters(compiles + other.compiles, collections + other.collections,
                fullCollections + other.fullCollections, pauseMs + other.pauseMs);
    }

    /** What happened between {@code earlier} and this reading. */
    JvmCounters since(JvmCounters earlier) {
        return new JvmCounters(compiles - earlier.compiles, collections - earlier.collections,
                fullCollections - earlier.fullCollections, pauseMs - earlier.pauseMs);
    }
}
