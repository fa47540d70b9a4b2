package io.herald.jakarta.sse;

import io.herald.api.LimitExceededException;
import io.herald.web.limits.ClientAddress;
import io.herald.web.limits.LimitExceededMapper;
import io.herald.web.stream.SseStreams;
import io.herald.web.stream.SseStreams.OpenStream;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Opens a sink registered with a Herald-backed {@code SseBroadcaster} as one of Herald's own event
 * streams ({@link SseStreams}, the code behind {@code /topics/{t}/stream}): the same per-client and
 * server limits, {@code retry:} hint, replay from the request's {@code Last-Event-ID}, keepalives,
 * slow-client closing, and, when herald-library's {@code StreamHandoffFilter} saw the request, the
 * same handoff to a channel of the stream's own once JAX-RS has answered (on Payara: chunks written
 * straight to the connection, never waiting for the client).
 *
 * <p>The request is the {@link HttpServletRequest} bean Jakarta EE gives CDI, so a sink must be
 * registered from the resource method that answers it.
 */
@ApplicationScoped
public class SinkStreams {

    /** The client key of sinks registered outside any request (they share one per-client limit). */
    static final String OUTSIDE_REQUEST = "(no request)";

    @Inject
    SseStreams streams;

    @Inject
    ResumePosition position;

    @Inject
    ClientAddress clients;

    @Inject
    LimitExceededMapper limits;

    @Inject
    HttpServletRequest request;

    /**
     * @param ended run once when the stream ends (see {@link SseStreams#openFor}); not run if this throws
     * @throws jakarta.ws.rs.BadRequestException (400) for a malformed {@code Last-Event-ID} / {@code lastEventId}
     * @throws WebApplicationException            429 / 503 with {@code Retry-After} (problem+json) when a limit refuses it
     */
    public OpenStream open(String topic, SseEventSink sink, Consumer<Throwable> ended) {
        OptionalLong resume = position.current();
        HttpServletRequest current = currentRequest();
        String client = current == null ? OUTSIDE_REQUEST : clients.of(current);
        try {
            return streams.openFor(current, client, Set.of(topic), resume, sink, ended);
        } catch (LimitExceededException e) {
            // the application's JAX-RS runtime does not know Herald's mapper: answer as it would
            throw new WebApplicationException(e.getMessage(), e, limits.toResponse(e));
        }
    }

    /** The request being answered, or null when none is (then: no handoff, starts live). */
    private HttpServletRequest currentRequest() {
        try {
            request.getMethod(); // the proxy answers only inside a request
            return request;
        } catch (ContextNotActiveException | IllegalStateException outsideRequest) {
            return null;
        }
    }
}
