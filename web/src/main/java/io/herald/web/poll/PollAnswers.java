package io.herald.web.poll;

import io.herald.api.Event;
import io.herald.api.ReplayResult;
import io.herald.web.cache.PerEventCache;
import io.herald.web.json.EventJson;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Renders long-poll answers for both paths that serve polls ({@link PollResource} and
 * {@link DirectPolls}). One publish wakes every poller of its topic with the same one-event array:
 * it is rendered once.
 */
@ApplicationScoped
public class PollAnswers {

    private final PerEventCache<byte[]> singleEventAnswers = new PerEventCache<>(e -> EventJson.toJsonBytes(List.of(e)));

    /** The answer to a wait that found {@code found}. */
    public PollAnswer of(ReplayResult found) {
        List<Event> events = found.events();
        if (events.isEmpty()) {
            return new PollAnswer(204, new byte[0], found.missed());
        }
        byte[] body = events.size() == 1 ? singleEventAnswers.of(events.get(0)) : EventJson.toJsonBytes(events);
        return new PollAnswer(200, body, found.missed());
    }
}
