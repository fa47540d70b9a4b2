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
    final CompletableFuture<ReplayResult> result = new CompletableFuture<>();
    private List<Event> early = new ArrayList<>();
    /** After arming: events above this id answer the poll. */
    private long waitFrom;
    private boolean missed;
    /** Set once an answer is chosen: later events and timers no longer answer it. */
    private boolean answered;
    /** The transport lost events before the history read was armed: answer only from the read. */
    private boolean lostBeforeArmed;

    LongPoll(Set<String> topics) {
        this.topics = Set.copyOf(topics);
    }

    /** @return the answer this event makes, or null if the poll does not answer yet */
    synchronized ReplayResult offer(Event event) {
        if (answered) {
            return null;
        }
        if (early != null) {
            early.add(event);
            return null;
        }
        if (event.id() <= waitFrom) {
            return null;
        }
        answered = true;
        return new ReplayResult(List.of(event), missed);
    }

    /**
     * The transport may have lost events here (a lagging node): the poll is answered with nothing at
     * once, before any later event can answer it past the loss, so that it polls again and its
     * history read tells what is retained and what is gone.
     *
     * @return the answer, or null if it was already answered (or is not armed yet: then arming does it)
     */
    synchronized ReplayResult lost() {
        if (answered) {
            return null;
        }
        if (early != null) {
            lostBeforeArmed = true;
            return null;
        }
        answered = true;
        return new ReplayResult(List.of(), false);
    }

    /**
     * Ends the history read: {@code from} is where the poll waits from (its {@code since}, or 0 when
     * that id is unknown here and any new event answers it).
     *
     * @return the answer at once (retained events, or events that came meanwhile), or null to wait
     */
    synchronized ReplayResult arm(ReplayResult replay, long from) {
        missed = replay.missed();
        waitFrom = replay.lastIdOr(from);
        List<Event> answer = new ArrayList<>(replay.events());
        if (lostBeforeArmed) {
            early = null;
            answered = true; // what the read found, or nothing: the next poll reads again
            return new ReplayResult(answer, missed);
        }
        for (Event e : early) {
            if (e.id() > waitFrom) {
                answer.add(e);
                waitFrom = e.id();
            }
        }
        early = null;
        if (answer.isEmpty()) {
            return null;
        }
        answered = true;
        return new ReplayResult(answer, missed);
    }

    /** What the poll answers when its time is up: nothing, and whether its position was lost. */
    synchronized ReplayResult nothing() {
        answered = true;
        return new ReplayResult(List.of(), missed);
    }
}
