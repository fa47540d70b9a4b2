package io.herald.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Server memory, compiler and collector: RSS of the process tree from /proc, and (for a JVM) heap
 * used after a full GC (via jcmd) and the JIT compiler's and collectors' running totals (from the
 * JVM's performance counters, {@link PerfData}, or via jcmd).
 */
final class ServerProbe {
    /** A heap or generation line of GC.heap_info ("total 2097152K, used 1234K"); Metaspace lines have no total. */
    private static final Pattern USED = Pattern.compile("total \\d+K, used (\\d+)K");

    private ServerProbe() {
    }

    static List<Long> tree(long pid) {
        List<Long> out = new ArrayList<>();
        out.add(pid);
        for (int i = 0; i < out.size(); i++) {
            long p = out.get(i);
            try {
                Path tasks = Path.of("/proc", Long.toString(p), "task");
                try (var ds = Files.newDirectoryStream(tasks)) {
                    for (Path t : ds) {
                        Path children = t.resolve("children");
                        if (Files.exists(children)) {
                            for (String s : Files.readString(children).trim().split("\\s+")) {
                                if (!s.isEmpty()) {
                                    out.add(Long.parseLong(s));
                                }
                            }
                        }
                    }
                }
            } catch (IOException e) {
                // process gone
            }
        }
        return out;
    }

    /** Sum of VmRSS over the process and its descendants (nginx: master + workers), KiB; -1 if unknown. */
    static long rssKiB(long pid) {
        if (pid <= 0) {
            return -1;
        }
        long sum = 0;
        for (long p : tree(pid)) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(p), "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        sum += Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // gone
            }
        }
        return sum;
    }

    /** Open sockets (connections and listeners) of the process and its descendants; -1 if unknown. */
    static long sockets(long pid) {
        if (pid <= 0) {
            return -1;
        }
        long count = 0;
        for (long p : tree(pid)) {
            try (var fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(p), "fd"))) {
                for (Path fd : fds) {
                    try {
                        if (Files.readSymbolicLink(fd).toString().startsWith("socket:")) {
                            count++;
                        }
                    } catch (IOException closedMeanwhile) {
                        // not counted
                    }
                }
            } catch (IOException e) {
                return -1;
            }
        }
        return count;
    }

    /** jcmd GC.run then GC.heap_info; returns heap used in KiB, or -1. */
    static long heapAfterGcKiB(long pid) {
        if (pid <= 0) {
            return -1;
        }
        try {
            run("jcmd", Long.toString(pid), "GC.run");
            return heapUsedKiB(run("jcmd", Long.toString(pid), "GC.heap_info"));
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    /**
     * Heap used according to {@code GC.heap_info}: G1 prints one line for the whole heap, the
     * generational collectors (Parallel, Serial) one per generation, which are summed; -1 if none.
     */
    static long heapUsedKiB(String heapInfo) {
        Matcher m = USED.matcher(heapInfo);
        long used = -1;
        while (m.find()) {
            used = Math.max(used, 0) + Long.parseLong(m.group(1));
        }
        return used;
    }

    /**
     * The JVM's compiler and collector totals since it started, from its performance counters
     * ({@link PerfData}, or {@code jcmd PerfCounter.print} where those cannot be read here); null if unknown.
     */
    static JvmCounters jvmCounters(long pid) {
        if (pid <= 0) {
            return null;
        }
        String listing = PerfData.listing(pid);
        if (listing != null) {
            JvmCounters c = JvmCounters.parse(listing);
            if (c != null) {
                return c;
            }
        }
        try {
            return JvmCounters.parse(run("jcmd", Long.toString(pid), "PerfCounter.print"));
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }

    static double cpuSeconds(long pid) {
        double total = 0;
        for (long p : tree(pid)) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(p), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                total += (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
            } catch (IOException | RuntimeException e) {
                // gone
            }
        }
        return total;
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        p.waitFor(60, TimeUnit.SECONDS);
        return new String(out, StandardCharsets.UTF_8);
    }
}
