package io.herald.core.broadcast;

import io.herald.api.Event;
import io.herald.api.ReplayResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One waiting long-poll: completes once, with the first events newer than its position, or with
 * nothing when its timeout fires; either way with {@code missed} when its position was older than
 * what is retained or unknown here. Completion is handed to the delivery executor by its owner so
 * that the publisher's thread never writes an HTTP response.
 *
 * <p>Like a stream's mailbox it is registered before its history is read: events offered until
 * {@link #arm} are kept, and arming decides the answer from the history read and those events, so
 * an answer never lacks the missed flag the read found. Locking: {@code this}.
 */
final class LongPoll {

    final Set<String> topics;
    final long since;
    final CompletableFuture<ReplayResult> result = new CompletableFuture<>();
    private List<Event> early = new ArrayList<>();
    /** After arming: events above this id answer the poll. */
    private long waitFrom;
    private boolean missed;

    LongPoll(Set<String> topics, long since) {
        this.topics = Set.copyOf(topics);
        this.since = since;
    }

    /** @return the answer this event makes, or null if the poll does not answer yet */
    synchronized ReplayResult offer(Event event) {
        if (early != null) {
            early.add(event);
            return null;
        }
        return event.id() > waitFrom ? new ReplayResult(List.of(event), missed) : null;
    }

    /**
     * Ends the history read: {@code from} is where the poll waits from ({@code since}, or 0 when
     * that id is unknown here and any new event answers it).
     *
     * @return the answer at once (retained events, or events that came meanwhile), or null to wait
     */
    synchronized ReplayResult arm(ReplayResult replay, long from) {
        missed = replay.missed();
        waitFrom = replay.lastIdOr(from);
        List<Event> answer = new ArrayList<>(replay.events());
        for (Event e : early) {
            if (e.id() > waitFrom) {
                answer.add(e);
                waitFrom = e.id();
            }
        }
        early = null;
        return answer.isEmpty() ? null : new ReplayResult(answer, missed);
    }

    /** What the poll answers when its time is up: nothing, and whether its position was lost. */
    synchronized ReplayResult nothing() {
        return new ReplayResult(List.of(), missed);
    }
}
