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
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;

/**
 * {@code GET /stream?topic=a&topic=b}: one stream of several topics; event ids come from one
 * server-wide sequence, so a single {@code Last-Event-ID} resumes all of them.
 */
@Path("stream")
@ApplicationScoped
public class MultiTopicStreamResource {

    @Inject
    SseStreams streams;

    @Inject
    ClientAddress clients;

    @Inject
    ReadAuthorization read;

    @Inject
    StreamSettings settings;

    @GET
    @TopicAccess(TopicAccess.Kind.READ)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void stream(@QueryParam("topic") List<String> topics,
                       @HeaderParam(HttpHeaders.LAST_EVENT_ID_HEADER) String lastEventIdHeader,
                       @QueryParam("lastEventId") String lastEventIdQuery,
                       @Context SseEventSink sink,
                       @Context HttpServletRequest request) {
        streams.open(clients.of(request), TopicParam.requireAll(topics, settings.maxTopicsPerStream()),
                EventPosition.resumeFrom(lastEventIdHeader, lastEventIdQuery),
                read.validUntil().orElse(null), sink, StreamHandoff.of(request));
    }

    /** {@code HEAD}: the checks of {@link #stream} and the head it would send, without a stream. */
    @HEAD
    @TopicAccess(TopicAccess.Kind.READ)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Response head(@QueryParam("topic") List<String> topics,
                         @HeaderParam(HttpHeaders.LAST_EVENT_ID_HEADER) String lastEventIdHeader,
                         @QueryParam("lastEventId") String lastEventIdQuery) {
        TopicParam.requireAll(topics, settings.maxTopicsPerStream());
        EventPosition.resumeFrom(lastEventIdHeader, lastEventIdQuery);
        return StreamHeaders.headOnly();
    }
}
