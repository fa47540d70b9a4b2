package io.herald.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.HdrHistogram.Histogram;

/** Formatting of histograms into result keys, and the side-by-side markdown table. */
public final class Report {

    private Report() {
    }

    /** A row of the comparison table. */
    public record Metric(String key, String label, Boolean higherIsBetter) {
    }

    public static final List<Metric> METRICS = List.of(
            new Metric("s1.connected", "1 idle: subscribers held", true),
            new Metric("s1.connect_s", "1 idle: connect time (s)", false),
            new Metric("s1.server_cpu_ms_per_connect", "1 idle: server CPU per connection (ms)", false),
            new Metric("s1.jit_compiles_connecting", "1 idle: server JIT compiles while connecting", false),
            new Metric("s1.rss_per_sub_kib", "1 idle: RSS per subscriber (KiB)", false),
            new Metric("s1.rss_mib", "1 idle: whole-process RSS with the streams held (MiB)", false),
            new Metric("s1.heap_per_sub_kib", "1 idle: heap after GC per subscriber (KiB)", false),
            new Metric("s1.errors", "1 idle: errors", false),
            new Metric("s2.connect_s", "2 burst: connect time (s)", false),
            new Metric("s2.p50_ms", "2 burst: per-delivery p50 (ms)", false),
            new Metric("s2.p90_ms", "2 burst: per-delivery p90 (ms)", false),
            new Metric("s2.p99_ms", "2 burst: per-delivery p99 (ms)", false),
            new Metric("s2.max_ms", "2 burst: per-delivery max (ms)", false),
            new Metric("s2.last_p50_ms", "2 burst: last receiver p50 (ms)", false),
            new Metric("s2.last_p99_ms", "2 burst: last receiver p99 (ms)", false),
            new Metric("s2.last_max_ms", "2 burst: last receiver max (ms)", false),
            new Metric("s2.fanout_deliveries_per_s", "2 burst: deliveries/s while fanning out", true),
            new Metric("s2.publish_p50_ms", "2 burst: POST response p50 (ms)", false),
            new Metric("s2.server_cpu_us_per_delivery", "2 burst: server CPU per delivery (µs)", false),
            new Metric("s2.lost", "2 burst: events lost", false),
            new Metric("s2.errors", "2 burst: errors", false),
            new Metric("s3.best_deliveries_per_s", "3 sustained: best deliveries/s (p99 <= 1 s)", true),
            new Metric("s3.best_rate", "3 sustained: at publishes/s (target)", true),
            new Metric("s3.best_p99_ms", "3 sustained: p99 at best step (ms)", false),
            new Metric("s3.max_deliveries_per_s", "3 sustained: highest deliveries/s at any step", true),
            new Metric("s3.server_cpu_us_per_delivery", "3 sustained: server CPU per delivery (µs)", false),
            new Metric("s3.lost", "3 sustained: events lost", false),
            new Metric("s3.errors", "3 sustained: errors", false),
            new Metric("s4.connect_s", "4 long-poll: time until all pollers wait (s)", false),
            new Metric("s4.p50_ms", "4 long-poll: wake p50 (ms)", false),
            new Metric("s4.p99_ms", "4 long-poll: wake p99 (ms)", false),
            new Metric("s4.last_p50_ms", "4 long-poll: last poller woken p50 (ms)", false),
            new Metric("s4.last_max_ms", "4 long-poll: last poller woken max (ms)", false),
            new Metric("s4.server_cpu_us_per_wake", "4 long-poll: server CPU per wake (µs)", false),
            new Metric("s4.server_cpu_us_per_first_poll", "4 long-poll: server CPU per first poll (µs)", false),
            new Metric("s4.jit_compiles_first_polls", "4 long-poll: server JIT compiles during the first polls", false),
            new Metric("s4.jit_compiles_rounds", "4 long-poll: server JIT compiles during the rounds", false),
            new Metric("s4.gc_pause_ms_rounds", "4 long-poll: server GC pauses during the rounds (ms)", false),
            new Metric("s4.full_gcs_rounds", "4 long-poll: server full collections during the rounds", false),
            new Metric("s4.heap_per_poller_kib", "4 long-poll: heap after GC per waiting poller (KiB)", false),
            new Metric("s4.lost", "4 long-poll: events lost", false),
            new Metric("s4.errors", "4 long-poll: errors", false),
            new Metric("s5.reconnect_s", "5 storm: all 5k reconnected after drop (s)", false),
            new Metric("s5.reconnect_p50_ms", "5 storm: one subscriber's reconnect, reset to response head, p50 (ms)", false),
            new Metric("s5.reconnect_p99_ms", "5 storm: one subscriber's reconnect, reset to response head, p99 (ms)", false),
            new Metric("s5.head_to_first_event_p99_ms", "5 storm: response head to first (replayed) event, p99 (ms)", false),
            new Metric("s5.server_cpu_ms_per_reconnect", "5 storm: server CPU per reconnect (ms)", false),
            new Metric("s5.server_cpu_ms_per_reconnect_net", "5 storm: server CPU per reconnect, less the live deliveries' (ms)", false),
            new Metric("s5.jit_compiles_storm", "5 storm: server JIT compiles from the drop until all are back", false),
            new Metric("s5.gc_pause_ms_storm", "5 storm: server GC pauses from the drop until all are back (ms)", false),
            new Metric("s5.full_gcs_storm", "5 storm: server full collections from the drop until all are back", false),
            new Metric("s5.p99_ms", "5 storm: per-delivery p99 during storm (ms)", false),
            new Metric("s5.max_ms", "5 storm: per-delivery max during storm (ms)", false),
            new Metric("s5.events", "5 storm: events published", null),
            new Metric("s5.lost", "5 storm: events lost", false),
            new Metric("s5.incomplete_subscribers", "5 storm: subscribers missing events", false),
            new Metric("s5.reset_events", "5 storm: 'replay buffer passed' resets received", false),
            new Metric("s5.duplicates", "5 storm: duplicates", false),
            new Metric("s5.errors", "5 storm: errors", false),
            new Metric("s6.p50_ms", "6 fixed-rate burst: per-delivery p50 (ms)", false),
            new Metric("s6.p99_ms", "6 fixed-rate burst: per-delivery p99 (ms)", false),
            new Metric("s6.max_ms", "6 fixed-rate burst: per-delivery max (ms)", false),
            new Metric("s6.last_p99_ms", "6 fixed-rate burst: last receiver p99 (ms)", false),
            new Metric("s6.server_cpu_us_per_delivery", "6 fixed-rate burst: server CPU per delivery (µs)", false),
            new Metric("s6.lost", "6 fixed-rate burst: events lost", false),
            new Metric("s6.errors", "6 fixed-rate burst: errors", false),
            new Metric("s7.reconnect_s", "7 storm on a fresh node: all 5k reconnected after drop (s)", false),
            new Metric("s7.reconnect_p99_ms", "7 storm on a fresh node: one subscriber's reconnect, reset to response head, p99 (ms)", false),
            new Metric("s7.server_cpu_ms_per_connect", "7 storm on a fresh node: server CPU per first connect (ms)", false),
            new Metric("s7.server_cpu_ms_per_reconnect", "7 storm on a fresh node: server CPU per reconnect (ms)", false),
            new Metric("s7.server_cpu_ms_per_reconnect_net", "7 storm on a fresh node: server CPU per reconnect, less the live deliveries' (ms)", false),
            new Metric("s7.gc_pause_ms_storm", "7 storm on a fresh node: server GC pauses from the drop until all are back (ms)", false),
            new Metric("s7.full_gcs_storm", "7 storm on a fresh node: server full collections from the drop until all are back", false),
            new Metric("s7.p99_ms", "7 storm on a fresh node: per-delivery p99 during storm (ms)", false),
            new Metric("s7.lost", "7 storm on a fresh node: events lost", false),
            new Metric("s7.reset_events", "7 storm on a fresh node: resets received", false),
            new Metric("s7.errors", "7 storm on a fresh node: errors", false));

    static String ms(long us) {
        return String.format(Locale.ROOT, "%.1f", us / 1000.0);
    }

    /** p50/p90/p99/max (ms) and count of a µs histogram under the given prefix. */
    static void latency(Map<String, String> out, String prefix, Histogram h) {
        out.put(prefix + "p50_ms", ms(h.getValueAtPercentile(50)));
        out.put(prefix + "p90_ms", ms(h.getValueAtPercentile(90)));
        out.put(prefix + "p99_ms", ms(h.getValueAtPercentile(99)));
        out.put(prefix + "max_ms", ms(h.getMaxValue()));
        out.put(prefix + "count", Long.toString(h.getTotalCount()));
    }

    static String line(String label, Histogram h) {
        return String.format(Locale.ROOT, "%-28s n=%-8d p10=%8s p50=%8s p90=%8s p99=%8s max=%8s ms", label, h.getTotalCount(),
                ms(h.getValueAtPercentile(10)), ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(99)),
                ms(h.getMaxValue()));
    }

    /** Herald / nchan, or "n/a" when either is missing or nchan's is zero. */
    static String ratio(String herald, String nchan) {
        try {
            double a = Double.parseDouble(herald);
            double b = Double.parseDouble(nchan);
            if (b == 0) {
                return a == 0 ? "=" : "n/a";
            }
            return String.format(Locale.ROOT, "%.2f", a / b);
        } catch (NumberFormatException | NullPointerException e) {
            return "n/a";
        }
    }

    /** The side-by-side markdown table. */
    public static String table(Properties herald, Properties nchan) {
        StringBuilder sb = new StringBuilder();
        sb.append("| scenario / metric | Herald | nginx+nchan | Herald / nchan | better |\n");
        sb.append("|---|---:|---:|---:|---|\n");
        for (Metric m : METRICS) {
            String a = herald.getProperty(m.key());
            String b = nchan.getProperty(m.key());
            if (a == null && b == null) {
                continue;
            }
            sb.append("| ").append(m.label()).append(" | ").append(a == null ? "–" : a).append(" | ")
                    .append(b == null ? "–" : b).append(" | ").append(ratio(a, b)).append(" | ")
                    .append(m.higherIsBetter() == null ? "" : m.higherIsBetter() ? "higher" : "lower").append(" |\n");
        }
        return sb.toString();
    }

    /**
     * The table with Herald on WildFly (the portable write path) beside Herald on Payara Micro (the
     * Grizzly fast path) and nchan, from the same run: what running off Payara costs.
     */
    public static String table(Properties herald, Properties nchan, Properties wildfly) {
        StringBuilder sb = new StringBuilder();
        sb.append("| scenario / metric | Herald (Payara) | Herald (WildFly) | nginx+nchan | Payara / nchan"
                + " | WildFly / nchan | better |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---|\n");
        for (Metric m : METRICS) {
            String a = herald.getProperty(m.key());
            String w = wildfly.getProperty(m.key());
            String b = nchan.getProperty(m.key());
            if (a == null && b == null && w == null) {
                continue;
            }
            sb.append("| ").append(m.label()).append(" | ").append(a == null ? "–" : a).append(" | ")
                    .append(w == null ? "–" : w).append(" | ").append(b == null ? "–" : b).append(" | ")
                    .append(ratio(a, b)).append(" | ").append(ratio(w, b)).append(" | ")
                    .append(m.higherIsBetter() == null ? "" : m.higherIsBetter() ? "higher" : "lower").append(" |\n");
        }
        return sb.toString();
    }
}
