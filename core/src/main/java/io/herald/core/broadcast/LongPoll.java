package io.herald.core.broadcast;

import io.herald.api.Event;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One waiting long-poll: completes once, with the first events newer than its position, or with
 * nothing when its timeout fires. Completion is handed to the delivery executor by its owner so
 * that the publisher's thread never writes an HTTP response.
 */
final class LongPoll {

    final Set<String> topics;
    final long since;
    final CompletableFuture<List<Event>> result = new CompletableFuture<>();

    LongPoll(Set<String> topics, long since) {
        this.topics = Set.copyOf(topics);
        this.since = since;
    }
}
