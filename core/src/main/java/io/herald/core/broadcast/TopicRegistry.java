package io.herald.core.broadcast;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Who listens to which topic on this node. A topic's entry disappears with its last member, so
 * topics nobody listens to cost nothing here.
 *
 * <p>Locking: lock-free; {@code compute} on the map makes add and remove-if-empty atomic per topic.
 */
final class TopicRegistry<M> {

    private final ConcurrentHashMap<String, Set<M>> byTopic = new ConcurrentHashMap<>();

    void add(Collection<String> topics, M member) {
        for (String topic : topics) {
            byTopic.compute(topic, (t, members) -> {
                Set<M> set = members == null ? ConcurrentHashMap.newKeySet() : members;
                set.add(member);
                return set;
            });
        }
    }

    void remove(Collection<String> topics, M member) {
        for (String topic : topics) {
            byTopic.computeIfPresent(topic, (t, members) -> {
                members.remove(member);
                return members.isEmpty() ? null : members;
            });
        }
    }

    /** The current members of {@code topic}; iteration is weakly consistent. */
    Set<M> members(String topic) {
        Set<M> members = byTopic.get(topic);
        return members == null ? Set.of() : members;
    }

    int count(String topic) {
        return members(topic).size();
    }

    /** Every member now, each once (a member on several topics is listed under each of them). */
    Set<M> all() {
        return byTopic.values().stream().flatMap(Set::stream).collect(Collectors.toSet());
    }
}
