package io.herald.web.direct;

import io.herald.api.Hub;
import io.herald.api.Topic;
import io.herald.web.beans.ApplicationScopedInstances;
import io.herald.web.container.DirectAnswer;
import io.herald.web.container.DirectExchange;
import io.herald.web.container.DirectLane;
import io.herald.web.http.MediaRange;
import io.herald.web.input.EventPosition;
import io.herald.web.limits.ClientAddress;
import io.herald.web.problem.Problem;
import io.herald.web.poll.DirectPolls;
import io.herald.web.security.CorsPolicy;
import io.herald.web.security.CorsSettings;
import io.herald.web.security.HeraldAuth;
import io.herald.web.stream.SseStreams;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Which requests the direct lane takes, and to whom: {@code GET <context>/topics/{topic}/stream}
 * and {@code .../poll} of a topic anyone may read, whose answer cannot differ from the JAX-RS
 * resources' own. Anything else is declined untouched, and the resources serve it with every check
 * and error answer they have: so the lane needs no error answer of its own, and a request is never
 * judged by two different readings of it.
 *
 * <p>Declined, among others: a private topic (tokens are the resources' business), any
 * percent-encoding, matrix parameter or dot segment (the lane reads the raw path and would not read
 * it as the container decodes it), a query parameter other than the resource's own or one given
 * twice, an {@code Accept} that is not plainly the resource's media type, and whatever a limit
 * refuses (the resource answers 429 or 503). CORS headers are the same {@link CorsPolicy}'s as on
 * the resources' answers.
 */
@ApplicationScoped
public class DirectRoutes implements DirectLane {

    private static final String TOPICS = "/topics/";
    private static final Produced JSON = Produced.of("application", "json");
    private static final Produced EVENT_STREAM = Produced.of("text", "event-stream");
    private static final Set<String> POLL_PARAMETERS = Set.of("since", "timeout");
    private static final Set<String> STREAM_PARAMETERS = Set.of("lastEventId");
    private static final DirectAnswer UNREADABLE_TARGET = new DirectAnswer(400,
            Map.of("Content-Type", Problem.MEDIA_TYPE), new Problem("urn:herald:problem:unreadable-target", "Bad Request", 400,
                    "The request path cannot be decoded: a % that starts no percent-encoding (% and two hex"
                            + " digits), an escape of invalid UTF-8, or a dot segment at its end")
                    .toJson().toString().getBytes(StandardCharsets.UTF_8));

    @Inject
    HeraldAuth auth;

    @Inject
    CorsSettings cors;

    @Inject
    ClientAddress clients;

    @Inject
    DirectPolls polls;

    @Inject
    SseStreams streams;

    @Inject
    Hub hub;

    @Inject
    BeanManager beans;

    private CorsPolicy corsPolicy;
    /** {@code <context path>/topics/}; null until the application's context path is known. */
    private volatile String prefix;

    @PostConstruct
    void init() {
        corsPolicy = new CorsPolicy(cors.allowedOrigins());
        // called on every request the lane is offered: the instances, not their client proxies
        auth = ApplicationScopedInstances.of(beans, auth, HeraldAuth.class);
        clients = ApplicationScopedInstances.of(beans, clients, ClientAddress.class);
        polls = ApplicationScopedInstances.of(beans, polls, DirectPolls.class);
        streams = ApplicationScopedInstances.of(beans, streams, SseStreams.class);
        hub = ApplicationScopedInstances.of(beans, hub, Hub.class);
    }

    /** The application's context path ({@code ""} for the root), which every routed path starts with. */
    public void contextPath(String contextPath) {
        prefix = contextPath + TOPICS;
    }

    /** A stream's replay and a poll's history read go to the hub: in a cluster, a round trip each. */
    @Override
    public boolean offersMayWait() {
        return hub.readsMayWait();
    }

    /** What the log line of the lane's opening says. */
    @Override
    public String toString() {
        return "plain GETs of public topics' streams and polls are answered below the servlet container, everything"
                + " else is the container's as before";
    }

    @Override
    public DirectAnswer unreadableTarget() {
        return UNREADABLE_TARGET;
    }

    @Override
    public boolean offer(DirectExchange exchange) {
        String base = prefix;
        String path = exchange.path();
        if (base == null || path == null || !path.startsWith(base)) {
            return false;
        }
        int slash = path.indexOf('/', base.length());
        if (slash < 0) {
            return false;
        }
        String topic = path.substring(base.length(), slash);
        String action = path.substring(slash + 1);
        boolean poll = action.equals("poll");
        if (!poll && !action.equals("stream") || !isPlainTopic(topic) || !isOpenToAll(topic)
                || !accepts(exchange, poll ? JSON : EVENT_STREAM)) {
            return false;
        }
        QueryParameters query = QueryParameters.parse(exchange.query(), poll ? POLL_PARAMETERS : STREAM_PARAMETERS);
        if (query == null) {
            return false;
        }
        Map<String, String> corsHeaders = corsPolicy.answerHeaders(exchange.header("Origin"));
        String client = clients.of(exchange.remoteAddress(), exchange.headers(ClientAddress.forwardedForHeader()));
        if (poll) {
            return polls.offer(exchange, Set.of(topic), query.get("since"), query.get("timeout"), client, corsHeaders);
        }
        OptionalLong lastEventId;
        try {
            lastEventId = EventPosition.resumeFrom(exchange.header("Last-Event-ID"), query.get("lastEventId"));
        } catch (RuntimeException invalid) {
            return false;
        }
        return streams.openDirect(exchange, client, Set.of(topic), lastEventId, corsHeaders);
    }

    /** A valid topic name as sent, which no container reads differently: no escapes (a valid name is no dot segment). */
    private static boolean isPlainTopic(String topic) {
        return Topic.isValid(topic);
    }

    /** Whether reading {@code topic} needs no token, as the resources' auth filter decides it. */
    private boolean isOpenToAll(String topic) {
        return auth.devMode() || !auth.hasPrivateTopics() || !auth.isPrivate(topic);
    }

    /**
     * A resource's one media type: as most clients' {@code Accept} says it alone ({@code EventSource}'s,
     * curl's with {@code -H}), compared without reading the header as text, and as the range
     * negotiated with any other {@code Accept}.
     */
    private record Produced(String alone, MediaRange range) {
        static Produced of(String type, String subtype) {
            return new Produced(type + "/" + subtype, new MediaRange(type, subtype));
        }
    }

    /** {@link #accepts(String, MediaRange)} for the request's {@code Accept}, read as text only when it is not {@code ours} alone. */
    private static boolean accepts(DirectExchange exchange, Produced ours) {
        return exchange.headerIs("Accept", ours.alone()) || accepts(exchange.header("Accept"), ours.range());
    }

    /**
     * Whether content negotiation answers {@code ours} for {@code accept} (absent: anything), read
     * as JAX-RS reads it: the most specific media range that matches ours decides, and a
     * {@code q} of 0 refuses. Anything this does not read plainly (a malformed range or
     * {@code q}) declines, so the resource decides.
     */
    static boolean accepts(String accept, MediaRange ours) {
        return MediaRange.negotiate(accept, ours) == MediaRange.Negotiation.ACCEPTED;
    }
}
