package io.herald.web.security;

import java.util.Collection;
import java.util.List;

/**
 * A set of topic names and prefixes, as written in {@code herald.auth.private-topics} and in the
 * {@code herald.publish} / {@code herald.subscribe} token claims: an entry is a topic name
 * ({@code alerts}), or ends in {@code *} and matches every topic starting with what comes before
 * it ({@code private.*} matches {@code private.ops}; {@code *} alone matches every topic).
 */
public final class TopicPatterns {

    private static final TopicPatterns NONE = new TopicPatterns(List.of());

    private final List<String> entries;

    private TopicPatterns(List<String> entries) {
        this.entries = entries;
    }

    /** The patterns; blank entries are dropped. */
    public static TopicPatterns of(Collection<String> entries) {
        List<String> clean = entries.stream().map(String::strip).filter(e -> !e.isEmpty()).toList();
        return clean.isEmpty() ? NONE : new TopicPatterns(clean);
    }

    /** Matches nothing. */
    public static TopicPatterns none() {
        return NONE;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public boolean matches(String topic) {
        for (String entry : entries) {
            if (entry.endsWith("*")) {
                if (topic.startsWith(entry.substring(0, entry.length() - 1))) {
                    return true;
                }
            } else if (entry.equals(topic)) {
                return true;
            }
        }
        return false;
    }

    public List<String> entries() {
        return entries;
    }

    @Override
    public String toString() {
        return String.join(",", entries);
    }
}
