package io.herald.web.events;

import io.herald.api.Event;
import io.herald.api.ReplayResult;
import io.herald.api.Hub;
import io.herald.web.input.EventPosition;
import io.herald.web.input.TopicParam;
import io.herald.web.json.EventJson;
import io.herald.web.problem.ProblemException;
import io.herald.web.security.TopicAccess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Set;

/**
 * {@code /topics/{topic}/events}: the topic's retained history (GET) and publishing (POST).
 */
@Path("topics/{topic}/events")
@ApplicationScoped
public class EventsResource {

    /** Set to {@code true} on a history read when events after {@code since} were already evicted. */
    public static final String MISSED_HEADER = "Herald-Missed";

    @Inject
    Hub hub;

    @Inject
    PublishSettings settings;

    /** 200 with the retained events newer than {@code since} (default 0), possibly none. */
    @GET
    @TopicAccess(TopicAccess.Kind.READ)
    @Produces(MediaType.APPLICATION_JSON)
    public Response history(@PathParam("topic") String topic, @QueryParam("since") String since) {
        String name = TopicParam.require(topic);
        ReplayResult result = hub.after(Set.of(name), EventPosition.parseOrZero("since", since));
        Response.ResponseBuilder ok = Response.ok(EventJson.toJsonText(result.events()), MediaType.APPLICATION_JSON_TYPE);
        if (result.missed()) {
            ok.header(MISSED_HEADER, "true");
        }
        return ok.build();
    }

    /** Publishes {@code {"type":..,"data":<JSON>}}; the type comes from the body only. */
    @POST
    @TopicAccess(TopicAccess.Kind.PUBLISH)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response publishJson(@PathParam("topic") String topic, @QueryParam("type") String queryType,
                                @Context HttpHeaders headers, @Context UriInfo uri, InputStream body) {
        String name = TopicParam.require(topic);
        if (queryType != null) {
            throw ProblemException.badRequest("invalid-type", "Invalid event type",
                    "A JSON publish takes its type from the body's \"type\" member, not from ?type=");
        }
        if (!StandardCharsets.UTF_8.equals(charsetOf(headers.getMediaType()))) {
            // RFC 8259: JSON between systems is UTF-8; another charset would be read wrongly, not refused
            throw ProblemException.of(415, "unsupported-charset", "Unsupported Media Type",
                    "A JSON body must be UTF-8 (charset=utf-8 or no charset parameter)");
        }
        PublishRequest request = PublishRequest.fromJson(readBody(headers, body));
        return created(hub.publish(name, request.type(), request.data()), uri);
    }

    /** Publishes a plain-text body as the data, with {@code ?type=} as the optional type. */
    @POST
    @TopicAccess(TopicAccess.Kind.PUBLISH)
    @Consumes(MediaType.TEXT_PLAIN)
    @Produces(MediaType.APPLICATION_JSON)
    public Response publishText(@PathParam("topic") String topic, @QueryParam("type") String type,
                                @Context HttpHeaders headers, @Context UriInfo uri, InputStream body) {
        String name = TopicParam.require(topic);
        Charset charset = charsetOf(headers.getMediaType());
        PublishRequest request = PublishRequest.fromText(readBody(headers, body), charset, type);
        return created(hub.publish(name, request.type(), request.data()), uri);
    }

    private byte[] readBody(HttpHeaders headers, InputStream body) {
        if (headers.getMediaType() == null) {
            // without a Content-Type the container would pick either method; say which ones exist
            throw ProblemException.of(415, "unsupported-media-type", "Unsupported Media Type",
                    "Send Content-Type application/json or text/plain");
        }
        return BoundedBody.read(body, headers.getLength(), settings.maxBodyBytes());
    }

    /**
     * 201 with the event; {@code Location} is the history read that starts at this event
     * ({@code /topics/{topic}/events?since={id-1}}), valid while the event is retained.
     */
    private static Response created(Event event, UriInfo uri) {
        URI location = uri.getBaseUriBuilder()
                .path("topics/{topic}/events")
                .queryParam("since", event.id() - 1)
                .build(event.topic());
        return Response.created(location)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(EventJson.toJson(event).toString())
                .build();
    }

    private static Charset charsetOf(MediaType type) {
        String name = type == null ? null : type.getParameters().get(MediaType.CHARSET_PARAMETER);
        if (name == null) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw ProblemException.of(415, "unsupported-charset", "Unsupported Media Type",
                    "Unsupported charset: use UTF-8");
        }
    }
}
