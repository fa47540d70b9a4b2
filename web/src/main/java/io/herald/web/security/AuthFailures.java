package io.herald.web.security;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Counts refused requests by a short fixed reason ({@code missing-token}, {@code malformed},
 * {@code bad-signature}, {@code bad-algorithm}, {@code expired}, {@code not-yet-valid},
 * {@code bad-claims}, {@code no-key}, {@code forbidden-topic}); the metrics layer reads or
 * forwards these. Never records anything taken from the request.
 */
@ApplicationScoped
public class AuthFailures {

    private static final Logger LOG = Logger.getLogger(AuthFailures.class.getName());

    private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();

    /** One refused request. */
    public void record(String reason, String method, String path) {
        counts.computeIfAbsent(reason, r -> new LongAdder()).increment();
        if (LOG.isLoggable(Level.FINE)) {
            LOG.fine("auth refused (" + reason + "): " + method + " " + path);
        }
    }

    /** Refusals so far, by reason. */
    public Map<String, Long> snapshot() {
        Map<String, Long> copy = new java.util.TreeMap<>();
        counts.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }
}
