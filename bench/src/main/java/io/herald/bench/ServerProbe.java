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

/** Server memory: RSS of the process tree from /proc, and (for a JVM) heap used after a full GC via jcmd. */
final class ServerProbe {
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

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

    /** jcmd GC.run then GC.heap_info; returns heap used in KiB, or -1. */
    static long heapAfterGcKiB(long pid) {
        if (pid <= 0) {
            return -1;
        }
        try {
            run("jcmd", Long.toString(pid), "GC.run");
            String info = run("jcmd", Long.toString(pid), "GC.heap_info");
            Matcher m = USED.matcher(info);
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        } catch (IOException | InterruptedException e) {
            return -1;
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
