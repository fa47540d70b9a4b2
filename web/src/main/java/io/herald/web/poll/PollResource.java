package io.herald.web.poll;

import io.herald.api.ReplayResult;
import io.herald.core.time.Saturating;
import io.herald.web.input.EventPosition;
import io.herald.web.input.TopicParam;
import io.herald.web.limits.ClientAddress;
import io.herald.web.security.TopicAccess;
import io.herald.web.container.Containers;
import io.herald.web.container.DisconnectWatch;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
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

    @Inject
    PollSettings settings;

    @Inject
    PollAnswers answers;

    @Inject
    ClientAddress clients;

    @Inject
    PollWaits waits;

    @GET
    @TopicAccess(TopicAccess.Kind.READ)
    @Produces(MediaType.APPLICATION_JSON)
    public void poll(@PathParam("topic") String topic,
                     @QueryParam("since") String since,
                     @QueryParam("timeout") String timeout,
                     @Suspended AsyncResponse response,
                     @Context HttpServletRequest request,
                     @Context HttpServletResponse servletResponse) {
        Set<String> topics = Set.of(TopicParam.require(topic));
        long after = EventPosition.parseOrZero("since", since);
        Duration wait = PollTimeout.parse(timeout, settings.defaultTimeout(), settings.maxTimeout());

        CompletableFuture<ReplayResult> events = waits.begin(clients.of(request), topics, after, wait);
        if (events.isDone()) {
            answer(response, DisconnectWatch.NONE, events);
            return;
        }
        // A client that closes while its poll waits is noticed at once where the container allows
        // (ContainerSupport.watchForClose): its place is given back then, not at its timeout.
        DisconnectWatch watch = Containers.current().watchForClose(servletResponse, () -> {
            AbandonedWait.end(events);
            // ends the request at once, so the container drops its state too (the write goes nowhere)
            response.resume(Response.noContent().build());
        });
        try {
            response.setTimeout(Saturating.millis(Saturating.plus(wait, SAFETY_MARGIN)), TimeUnit.MILLISECONDS);
            response.setTimeoutHandler(expired -> {
                AbandonedWait.end(events);
                watch.stop();
                expired.resume(Response.noContent().build());
            });
            // Whatever ends the request (answer, error, client gone) releases the broadcaster's wait.
            response.register(new ReleaseWait(events));
        } catch (RuntimeException | Error e) {
            watch.stop();
            AbandonedWait.end(events); // the request fails: its place is given back now, not at the timeout
            throw e;
        }
        events.whenComplete((found, failure) -> answer(response, watch, events));
    }

    /** Answers a completed wait: 200 with the events, 204 with none; nothing if it was abandoned. */
    private void answer(AsyncResponse response, DisconnectWatch watch, CompletableFuture<ReplayResult> events) {
        boolean closeAfter = watch.stop();
        ReplayResult found;
        try {
            found = events.join();
        } catch (AbandonedWait clientWentOrTimedOut) {
            return; // the client went, or the container's own timeout answered
        } catch (CompletionException | CancellationException failure) {
            response.resume(unwrap(failure)); // nothing here cancels a wait: a failure is answered as one
            return;
        }
        PollAnswer rendered = answers.of(found);
        Response.ResponseBuilder answer = rendered.status() == 204
                ? Response.noContent()
                : Response.ok(rendered.body(), MediaType.APPLICATION_JSON_TYPE);
        if (rendered.missed()) {
            answer.header(PollAnswer.MISSED_HEADER, "true");
        }
        if (closeAfter) {
            answer.header("Connection", "close");
        }
        response.resume(answer.build());
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /** Ends the pending wait when the response completes or the client disconnects. */
    private record ReleaseWait(CompletableFuture<?> pending) implements CompletionCallback, ConnectionCallback {

        @Override
        public void onComplete(Throwable throwable) {
            AbandonedWait.end(pending);
        }

        @Override
        public void onDisconnect(AsyncResponse disconnected) {
            AbandonedWait.end(pending);
        }
    }
}
