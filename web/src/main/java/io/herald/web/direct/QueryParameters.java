package io.herald.web.direct;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A raw query string read the one way every container reads it, or not at all: {@code name=value}
 * pairs of known names, each at most once, with no percent-encoding or {@code +} (whose decoding
 * the lane leaves to the container, by declining).
 */
record QueryParameters(Map<String, String> values) {

    private static final QueryParameters EMPTY = new QueryParameters(Map.of());

    /** The parameters of {@code query}, or null if it is not that plain or names a parameter not in {@code known}. */
    static QueryParameters parse(String query, Set<String> known) {
        if (query == null || query.isEmpty()) {
            return EMPTY;
        }
        if (query.indexOf('%') >= 0 || query.indexOf('+') >= 0) {
            return null;
        }
        Map<String, String> values = new HashMap<>(4);
        for (String pair : query.split("&", -1)) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                return null;
            }
            String name = pair.substring(0, eq);
            if (!known.contains(name) || values.putIfAbsent(name, pair.substring(eq + 1)) != null) {
                return null;
            }
        }
        return new QueryParameters(Map.copyOf(values));
    }

    /** The value of {@code name}, or null if absent. */
    String get(String name) {
        return values.get(name);
    }
}
