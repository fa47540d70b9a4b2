package io.herald.web.stream;

import io.herald.api.SubscriberPlace;
import io.herald.api.Subscription;
import io.herald.api.Hub;
import io.herald.web.limits.ClientStreamLimits;
import io.herald.web.sse.EventFrames;
import io.herald.web.sse.SseFrame;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Opens SSE streams: retry hint, then replay and live events from the broadcaster, with keepalives. */
@ApplicationScoped
public class SseStreams {

    private static final Logger LOG = Logger.getLogger(SseStreams.class.getName());

    @Inject
    Hub hub;

    @Inject
    StreamSettings settings;

    private final EventFrames frames = new EventFrames();

    @Inject
    KeepAliveScheduler keepAliveScheduler;

    @Inject
    ClientStreamLimits clientLimits;

    private SseFrame retry;
    private Duration keepAliveInterval;

    @PostConstruct
    void init() {
        retry = SseFrame.retry(settings.retry());
        keepAliveInterval = settings.keepAlive();
    }

    /**
     * Starts streaming {@code topics} of {@code client} (its address, see {@code ClientAddress}) to
     * {@code sink}, resuming after {@code lastEventId} if given. Inputs must already be validated:
     * from here on the response is an event stream. The limits are checked before anything is
     * written, so a refusal is an HTTP error (429 per client, 503 for the server); the places taken
     * are given back when the stream ends.
     *
     * @param validUntil when the token that allowed this read stops being accepted (the stream
     *                   ends then), or null when no token was needed
     * @param handoff    the request's handoff ({@link StreamHandoff#of}): the subscription starts
     *                   once JAX-RS has answered, and frames then go to the stream's own channel;
     *                   null: at once, on the sink
     *
     * @throws io.herald.api.LimitExceededException when a limit refuses the stream
     */
    public void open(String client, Set<String> topics, OptionalLong lastEventId, Instant validUntil, SseEventSink sink,
                     StreamHandoff handoff) {
        ClientStreamLimits.Slot slot = clientLimits.acquire(client);
        SubscriberPlace admission = null;
        SseStream stream = null;
        // Whatever fails from here on, the places taken are given back before the error answers the
        // request: a request that fails must never keep a slot (a leak locks the client, then the node, out).
        try {
            admission = hub.reservePlace();
            stream = new SseStream(sink, frames, keepAliveScheduler, keepAliveInterval, slot::release);
            if (validUntil != null) {
                stream.endAt(validUntil);
            }
            start(stream, admission, topics, lastEventId, handoff);
        } catch (RuntimeException | Error e) {
            if (admission != null) {
                admission.release();
            }
            if (stream != null) {
                stream.abandon();
            }
            slot.release();
            throw e;
        }
    }

    private void start(SseStream stream, SubscriberPlace admission, Set<String> topics, OptionalLong lastEventId,
                       StreamHandoff handoff) {
        stream.start(retry, handoff, () -> {
            Subscription subscription;
            try {
                subscription = hub.subscribe(admission, topics, lastEventId, stream);
            } catch (RuntimeException e) {
                admission.release();
                stream.end();
                if (handoff == null) {
                    throw e;
                }
                LOG.log(Level.WARNING, "subscribing an answered stream failed; stream ended", e);
                return;
            }
            // null keepalive only while the application stops, which ends the stream anyway
            stream.attach(subscription, keepAliveScheduler.every(keepAliveInterval, stream::keepAliveTick));
        });
    }
}
