package io.herald.bench;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A local JVM's performance counters read in this process from the memory-mapped file the JVM
 * publishes them in (the JDK's jvmstat API, which {@code jstat} uses), instead of through
 * {@code jcmd}: starting a jcmd takes a few hundred milliseconds and a core, and a reading taken
 * just before a storm's drop delayed the drop by that much for Herald and not for nchan. The API is
 * internal to the JDK: the bench jar's manifest exports its package to this code, and where it is
 * not there (another JDK, the JVM started with {@code -XX:-UsePerfData}) the reading is null and
 * the caller falls back to jcmd.
 */
final class PerfData {

    private static final String[] NAMES = {
            "sun.ci.totalCompiles",
            "sun.gc.collector.0.invocations", "sun.gc.collector.0.time",
            "sun.gc.collector.1.invocations", "sun.gc.collector.1.time",
            "sun.gc.collector.2.invocations", "sun.gc.collector.2.time",
            "sun.os.hrt.frequency"};

    /** The attached JVMs, by pid; a pid that could not be attached maps to NONE. */
    private static final Map<Long, Object> VMS = new ConcurrentHashMap<>();
    private static final Object NONE = new Object();

    private PerfData() {
    }

    /** The counters JvmCounters reads, as a PerfCounter.print listing; null if the JVM's counters cannot be read here. */
    static String listing(long pid) {
        Object vm = VMS.computeIfAbsent(pid, PerfData::attach);
        if (vm == NONE) {
            return null;
        }
        try {
            Method findByName = Class.forName("sun.jvmstat.monitor.MonitoredVm").getMethod("findByName", String.class);
            Method getValue = Class.forName("sun.jvmstat.monitor.Monitor").getMethod("getValue");
            StringBuilder out = new StringBuilder();
            for (String name : NAMES) {
                Object monitor = findByName.invoke(vm, name);
                if (monitor != null) {
                    out.append(name).append('=').append(getValue.invoke(monitor)).append('\n');
                }
            }
            return out.toString();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // the JVM went away, or the API changed
        }
    }

    private static Object attach(long pid) {
        try {
            Class<?> hostType = Class.forName("sun.jvmstat.monitor.MonitoredHost");
            Class<?> idType = Class.forName("sun.jvmstat.monitor.VmIdentifier");
            Object host = hostType.getMethod("getMonitoredHost", String.class).invoke(null, "localhost");
            Object id = idType.getConstructor(String.class).newInstance(Long.toString(pid));
            return hostType.getMethod("getMonitoredVm", idType).invoke(host, id);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return NONE;
        }
    }
}
