package io.herald.web.stream;

import io.herald.api.SubscriberPlace;
import io.herald.api.Subscription;
import io.herald.api.Hub;
import io.herald.api.HubUnavailableException;
import io.herald.api.LimitExceededException;
import io.herald.web.beans.ApplicationScopedInstances;
import io.herald.web.container.Containers;
import io.herald.web.container.DirectExchange;
import io.herald.web.container.DirectStreamChannel;
import io.herald.web.limits.ClientStreamLimits;
import io.herald.web.sse.EventFrames;
import io.herald.web.sse.SseFrame;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.servlet.ServletRequest;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Opens SSE streams: retry hint, then replay and live events from the broadcaster, with keepalives. */
@ApplicationScoped
public class SseStreams {

    private static final Logger LOG = Logger.getLogger(SseStreams.class.getName());
    private static final AtomicBoolean LOGGED_DIRECT = new AtomicBoolean();

    @Inject
    Hub hub;

    @Inject
    StreamSettings settings;

    private final EventFrames frames = new EventFrames();

    @Inject
    KeepAliveScheduler keepAliveScheduler;

    @Inject
    ClientStreamLimits clientLimits;

    @Inject
    BeanManager beans;

    private SseFrame retry;
    private Duration keepAliveInterval;

    @PostConstruct
    void init() {
        retry = SseFrame.retry(settings.retry());
        keepAliveInterval = settings.keepAlive();
        // called on every stream opened: the instances, not their client proxies
        hub = ApplicationScopedInstances.of(beans, hub, Hub.class);
        keepAliveScheduler = ApplicationScopedInstances.of(beans, keepAliveScheduler, KeepAliveScheduler.class);
        clientLimits = ApplicationScopedInstances.of(beans, clientLimits, ClientStreamLimits.class);
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
        open(client, topics, lastEventId, validUntil, onSink(sink), handoff, null);
    }

    /**
     * Opens a stream on a request the container offered to the direct lane, exactly as
     * {@link #open} does for JAX-RS's sink: the same limits, head, {@code retry:}, replay, live
     * frames and keepalives, on the connection itself from the start. The stream subscribes before
     * its head is written, taking its catch-up on this thread ({@link DirectStreamChannel}), so the
     * head, the retry hint and a reconnect's replay go out in one write.
     *
     * @param corsHeaders added to the head, as the CORS filter adds them to the resource's
     *
     * @return false, with nothing written and nothing held, if a limit refuses the stream, its
     *         history cannot be read now, or the connection cannot carry it this way: the
     *         container then serves the request (and answers the refusal)
     */
    public boolean openDirect(DirectExchange exchange, String client, Set<String> topics, OptionalLong lastEventId,
                              Map<String, String> corsHeaders) {
        Map<String, String> head = corsHeaders.isEmpty() ? StreamHeaders.DIRECT : StreamHeaders.direct(corsHeaders);
        DirectStreamChannel channel = new DirectStreamChannel(exchange, head, retry);
        SseStream stream;
        try {
            stream = open(client, topics, lastEventId, null,
                    release -> new SseStream(channel, frames, keepAliveScheduler, keepAliveInterval, release), null, null);
        } catch (LimitExceededException | HubUnavailableException refused) {
            return false;
        }
        boolean opened;
        try {
            opened = channel.open(stream::end);
        } catch (IOException failed) {
            LOG.log(Level.FINE, "direct event stream failed as it opened", failed);
            stream.end();
            return true;
        }
        if (!opened) {
            stream.abandon(); // nothing was written: the subscription, its place and the slot go back
            return false;
        }
        if (LOGGED_DIRECT.compareAndSet(false, true)) {
            LOG.info("event streams opened by the direct lane write their frames straight to the connection ("
                    + Containers.current().name() + ")");
        }
        return true;
    }

    /** Makes a stream on JAX-RS's sink. */
    private StreamFactory onSink(SseEventSink sink) {
        return release -> new SseStream(sink, frames, keepAliveScheduler, keepAliveInterval, release);
    }

    /** Makes the stream once its places are taken; null if it cannot be opened (nothing written). */
    private interface StreamFactory {
        SseStream create(Runnable release);
    }

    /**
     * Opens a stream for application code (the standard {@code SseBroadcaster} of a Herald topic in
     * library mode) exactly as Herald's own stream resources do: the same limits (per client and
     * for the server), {@code retry:}, replay and live frames, keepalives, slow-client closing, and
     * the request's handoff to the fast channel when {@link StreamHandoffFilter} saw the request.
     *
     * @param request the request being answered (for its handoff), or null (no handoff: the stream stays on its sink)
     * @param ended   run once when the stream ends, whatever ended it, with the cause if known
     *                (a write failure, {@link io.herald.api.SubscriberTooSlowException}) or null;
     *                not run if this method throws
     * @return the opened stream, which the caller may end
     * @throws io.herald.api.LimitExceededException when a limit refuses the stream (nothing was written)
     */
    public OpenStream openFor(ServletRequest request, String client, Set<String> topics, OptionalLong lastEventId,
                              SseEventSink sink, Consumer<Throwable> ended) {
        AtomicReference<SseStream> opened = new AtomicReference<>();
        AtomicBoolean told = new AtomicBoolean();
        SseStream stream = open(client, topics, lastEventId, null, onSink(sink), request == null ? null : StreamHandoff.of(request), () -> {
            SseStream s = opened.get();
            if (s != null && told.compareAndSet(false, true)) {
                ended.accept(s.endCause());
            }
        });
        opened.set(stream);
        if (stream.isEnded() && told.compareAndSet(false, true)) { // ended while it was opened
            ended.accept(stream.endCause());
        }
        return new OpenStream() {
            @Override
            public void close() {
                stream.end();
            }

            @Override
            public void detach() {
                stream.detach();
            }
        };
    }

    /** @return the opened stream, or null (places given back) if {@code factory} could not make one */
    private SseStream open(String client, Set<String> topics, OptionalLong lastEventId, Instant validUntil,
                           StreamFactory factory, StreamHandoff handoff, Runnable onEnd) {
        ClientStreamLimits.Slot slot = clientLimits.acquire(client);
        SubscriberPlace admission = null;
        SseStream stream = null;
        Runnable release = onEnd == null ? slot::release : () -> {
            slot.release();
            onEnd.run();
        };
        // Whatever fails from here on, the places taken are given back before the error answers the
        // request: a request that fails must never keep a slot (a leak locks the client, then the node, out).
        try {
            admission = hub.reservePlace();
            stream = factory.create(release);
            if (stream == null) {
                admission.release();
                slot.release();
                return null;
            }
            if (validUntil != null) {
                stream.endAt(validUntil);
            }
            start(stream, admission, topics, lastEventId, handoff);
            return stream;
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

    /** A stream opened by {@link #openFor}, as its opener sees it. */
    public interface OpenStream {

        /** Ends the stream and its response (the end callback runs, once). */
        void close();

        /**
         * Ends the stream but leaves the response open to the application where it still owns it
         * (on the connection taken over by the fast path nobody else can end it, so it is closed).
         */
        void detach();
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
