package io.herald.web.stream;

import io.herald.web.input.EventPosition;
import io.herald.web.input.TopicParam;
import io.herald.web.limits.ClientAddress;
import io.herald.web.security.ReadAuthorization;
import io.herald.web.security.TopicAccess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.Set;

/** {@code GET /topics/{topic}/stream}: the event stream of one topic (and its {@code HEAD}). */
@Path("topics/{topic}/stream")
@ApplicationScoped
public class TopicStreamResource {

    @Inject
    SseStreams streams;

    @Inject
    ClientAddress clients;

    @Inject
    ReadAuthorization read;

    @GET
    @TopicAccess(TopicAccess.Kind.READ)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void stream(@PathParam("topic") String topic,
                       @HeaderParam(HttpHeaders.LAST_EVENT_ID_HEADER) String lastEventIdHeader,
                       @QueryParam("lastEventId") String lastEventIdQuery,
                       @Context SseEventSink sink,
                       @Context HttpServletRequest request) {
        Set<String> topics = Set.of(TopicParam.require(topic));
        streams.open(clients.of(request), topics, EventPosition.resumeFrom(lastEventIdHeader, lastEventIdQuery),
                read.validUntil().orElse(null), sink, StreamHandoff.of(request));
    }

    /** {@code HEAD}: the checks of {@link #stream} and the head it would send, without a stream. */
    @HEAD
    @TopicAccess(TopicAccess.Kind.READ)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Response head(@PathParam("topic") String topic,
                         @HeaderParam(HttpHeaders.LAST_EVENT_ID_HEADER) String lastEventIdHeader,
                         @QueryParam("lastEventId") String lastEventIdQuery) {
        TopicParam.require(topic);
        EventPosition.resumeFrom(lastEventIdHeader, lastEventIdQuery);
        return StreamHeaders.headOnly();
    }
}
