package io.herald.core.broadcast;

import io.herald.api.Event;
import io.herald.api.ReplayResult;
import io.herald.core.time.Saturating;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * This node's waiting long-polls: each a {@link LongPoll} registered on its topics, armed with its
 * history read, answered by the fan-out, a timer, a gap or shutdown, whichever comes first. An
 * answer is completed on the delivery executor, so the thread that publishes never writes an
 * HTTP response. Arguments arrive validated.
 *
 * <p>Locking: none of its own; the registry is lock-free and each poll guards itself.
 */
final class LongPolls {

    private final TopicRegistry<LongPoll> registry = new TopicRegistry<>();
    private final SubscriberPlaces places;
    private final Replay replay;
    private final BroadcastStats stats;
    private final Executor delivery;
    private final ScheduledExecutorService timers;

    LongPolls(SubscriberPlaces places, Replay replay, BroadcastStats stats, Executor delivery,
              ScheduledExecutorService timers) {
        this.places = places;
        this.replay = replay;
        this.stats = stats;
        this.delivery = delivery;
        this.timers = timers;
    }

    /**
     * Takes a place, registers the poll, then reads its history (an event published meanwhile is
     * kept by the poll until armed) and answers at once if anything is there; else waits for the
     * fan-out or {@code timeout}. Whatever answers it unregisters it and gives its place back.
     *
     * @throws io.herald.api.LimitExceededException when no place is free
     */
    CompletionStage<ReplayResult> await(Set<String> topics, long since, Duration timeout) {
        Admission admission = places.take();
        LongPoll poll = new LongPoll(topics);
        stats.pollStarted();
        registry.add(poll.topics, poll);
        poll.result.whenComplete((events, failure) -> {
            registry.remove(poll.topics, poll);
            stats.pollEnded();
            admission.release();
        });
        if (places.isClosed()) {
            complete(poll, poll.nothing()); // shutdown may already have passed over the registry
        }
        ReplayResult ready;
        try {
            ready = poll.arm(replay.after(poll.topics, since), since);
        } catch (RuntimeException | Error e) {
            poll.result.completeExceptionally(e); // unregisters it and gives its place back
            throw e;
        }
        if (ready != null) {
            poll.result.complete(ready);
            return poll.result;
        }
        try {
            ScheduledFuture<?> timer = timers.schedule(() -> complete(poll, poll.nothing()),
                    Saturating.millis(timeout), TimeUnit.MILLISECONDS);
            poll.result.whenComplete((events, failure) -> timer.cancel(false));
        } catch (RejectedExecutionException shuttingDown) {
            poll.result.complete(poll.nothing());
        }
        return poll.result;
    }

    /** Fan-out of one event, in id order: answers every armed poll of its topic that it satisfies. */
    void offer(Event event) {
        for (LongPoll p : registry.members(event.topic())) {
            ReplayResult answer = p.offer(event);
            if (answer != null) {
                complete(p, answer);
            }
        }
    }

    /**
     * The transport may have lost events here: every waiting poll is answered with nothing, so that
     * it polls again and its history read tells what is retained and what is gone.
     */
    void offerGap() {
        for (LongPoll p : registry.all()) {
            ReplayResult answer = p.lost();
            if (answer != null) {
                complete(p, answer);
            }
        }
    }

    /** Polls waiting on {@code topic} now. */
    int count(String topic) {
        return registry.count(topic);
    }

    /**
     * Answers every waiting poll with nothing (shutdown).
     *
     * @return how many were answered
     */
    int closeAll() {
        Set<LongPoll> all = registry.all();
        all.forEach(p -> complete(p, p.nothing()));
        return all.size();
    }

    private void complete(LongPoll poll, ReplayResult events) {
        if (poll.result.isDone()) {
            return;
        }
        try {
            delivery.execute(() -> poll.result.complete(events));
        } catch (RejectedExecutionException shuttingDown) {
            poll.result.complete(events);
        }
    }
}
