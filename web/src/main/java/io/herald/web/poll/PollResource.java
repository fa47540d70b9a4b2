package io.herald.web.poll;

import io.herald.api.Event;
import io.herald.api.ReplayResult;
import io.herald.core.broadcast.Broadcaster;
import io.herald.core.config.HeraldConfig;
import io.herald.web.cache.PerEventCache;
import io.herald.web.events.EventsResource;
import io.herald.web.input.EventPosition;
import io.herald.web.input.TopicParam;
import io.herald.web.json.EventJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.CompletionCallback;
import jakarta.ws.rs.container.ConnectionCallback;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /topics/{topic}/poll?since=N&timeout=S}: long-poll. 200 with the events newer than
 * {@code since} (default 0) as soon as there are any, else 204 after {@code timeout} seconds
 * (default and maximum from config); either with {@code Herald-Missed: true} when events after
 * {@code since} are gone (evicted, expired, or from before a restart). The request is suspended:
 * no thread waits.
 */
@Path("topics/{topic}/poll")
@ApplicationScoped
public class PollResource {

    /** The container's own timeout fires this much after the broadcaster's, only as a safety net. */
    static final Duration SAFETY_MARGIN = Duration.ofSeconds(5);

    /** One publish wakes every poller of its topic with the same one-event array: render it once. */
    private final PerEventCache<byte[]> singleEventAnswers = new PerEventCache<>(e -> EventJson.toJsonBytes(List.of(e)));

    @Inject
    Broadcaster broadcaster;

    @Inject
    HeraldConfig config;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public void poll(@PathParam("topic") String topic,
                     @QueryParam("since") String since,
                     @QueryParam("timeout") String timeout,
                     @Suspended AsyncResponse response) {
        Set<String> topics = Set.of(TopicParam.require(topic));
        long after = EventPosition.parseOrZero("since", since);
        Duration wait = PollTimeout.parse(timeout, config.pollDefaultTimeout(), config.pollMaxTimeout());

        CompletableFuture<ReplayResult> events = broadcaster.awaitAfter(topics, after, wait).toCompletableFuture();
        response.setTimeout(wait.plus(SAFETY_MARGIN).toMillis(), TimeUnit.MILLISECONDS);
        response.setTimeoutHandler(expired -> {
            events.cancel(false);
            expired.resume(Response.noContent().build());
        });
        // Whatever ends the request (answer, error, client gone) releases the broadcaster's wait.
        response.register(new ReleaseWait(events));
        events.whenComplete((found, failure) -> {
            if (failure == null) {
                Response.ResponseBuilder answer = found.events().isEmpty()
                        ? Response.noContent()
                        : Response.ok(answer(found.events()), MediaType.APPLICATION_JSON_TYPE);
                if (found.missed()) {
                    answer.header(EventsResource.MISSED_HEADER, "true");
                }
                response.resume(answer.build());
            } else if (!(unwrap(failure) instanceof CancellationException)) {
                response.resume(unwrap(failure));
            }
        });
    }

    private byte[] answer(List<Event> found) {
        return found.size() == 1 ? singleEventAnswers.of(found.get(0)) : EventJson.toJsonBytes(found);
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /** Cancels the pending wait when the response completes or the client disconnects. */
    private record ReleaseWait(CompletableFuture<?> pending) implements CompletionCallback, ConnectionCallback {

        @Override
        public void onComplete(Throwable throwable) {
            pending.cancel(false);
        }

        @Override
        public void onDisconnect(AsyncResponse disconnected) {
            pending.cancel(false);
        }
    }
}
