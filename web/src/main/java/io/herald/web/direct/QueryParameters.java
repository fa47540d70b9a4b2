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

    /**
     * The parameters of {@code query}, or null if it is not that plain or names a parameter not in {@code known}.
     * Read in place (no split, no map per pair): every poll and stream the lane takes passes here.
     */
    static QueryParameters parse(String query, Set<String> known) {
        if (query == null || query.isEmpty()) {
            return EMPTY;
        }
        if (query.indexOf('%') >= 0 || query.indexOf('+') >= 0) {
            return null;
        }
        Map<String, String> values = Map.of();
        int start = 0;
        while (true) {
            int end = query.indexOf('&', start);
            if (end < 0) {
                end = query.length();
            }
            int eq = query.indexOf('=', start);
            if (eq <= start || eq >= end) {
                return null; // an empty pair, an empty name or no '='
            }
            String name = knownName(query, start, eq, known);
            if (name == null || values.containsKey(name)) {
                return null;
            }
            values = with(values, name, query.substring(eq + 1, end));
            if (end == query.length()) {
                return new QueryParameters(values);
            }
            start = end + 1;
        }
    }

    /** The name in {@code known} that {@code query} holds from {@code start} to {@code end}, or null. */
    private static String knownName(String query, int start, int end, Set<String> known) {
        for (String name : known) {
            if (name.length() == end - start && query.startsWith(name, start)) {
                return name;
            }
        }
        return null;
    }

    private static Map<String, String> with(Map<String, String> values, String name, String value) {
        if (values.isEmpty()) {
            return Map.of(name, value);
        }
        if (values.size() == 1) { // a poll's since and timeout: no map built only to be copied
            Map.Entry<String, String> first = values.entrySet().iterator().next();
            return Map.of(first.getKey(), first.getValue(), name, value);
        }
        Map<String, String> more = new HashMap<>(values);
        more.put(name, value);
        return Map.copyOf(more);
    }

    /** The value of {@code name}, or null if absent. */
    String get(String name) {
        return values.get(name);
    }
}
