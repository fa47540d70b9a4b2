package io.herald.client;

import io.herald.api.Event;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;

/**
 * One attempt to stream: opens the stream from the subscription's position (with
 * {@code Last-Event-ID}), reads it with {@link SseReader} until it ends, delivers its events while
 * its epoch is current, and reports how it ended to {@link StreamingSubscription}, which decides
 * what comes next.
 *
 * <p>A <em>probe</em> runs while the subscription polls: it takes over (stopping the polls) once
 * its first frame arrives, i.e. once bytes really flow through whatever is between client and server.
 */
final class StreamAttempt implements Runnable {

    // the subscription's logger, as before the split, so existing logging configuration still applies
    private static final System.Logger LOG = System.getLogger(StreamingSubscription.class.getName());

    private final StreamingSubscription subscription;
    private final long attemptEpoch;
    private final boolean probe;

    StreamAttempt(StreamingSubscription subscription, long attemptEpoch, boolean probe) {
        this.subscription = subscription;
        this.attemptEpoch = attemptEpoch;
        this.probe = probe;
    }

    @Override
    public void run() {
        try {
            attempt();
        } catch (RuntimeException e) {
            // Closing the client tears Jersey down under a read; what that throws ends a subscription
            // that is closed already, so it is not a failure of anything still running.
            if (!subscription.isClosed()) {
                throw e;
            }
        }
    }

    private void attempt() {
        if (!subscription.wantsStream(attemptEpoch, probe)) {
            return;
        }
        try {
            subscription.resolveStart();
        } catch (HeraldException e) {
            subscription.streamFailed(attemptEpoch, probe, e, false, false);
            return;
        }
        long from = subscription.lastEventId();
        Response response;
        try {
            response = subscription.endpoints.openStream(subscription.topics(), from);
        } catch (HeraldException e) {
            subscription.streamFailed(attemptEpoch, probe, e, false, isStall(e));
            return;
        }
        if (response.getStatus() != 200) {
            HeraldProblemException p;
            try {
                p = ServerAnswers.problem(response);
            } finally {
                response.close();
            }
            subscription.streamFailed(attemptEpoch, probe, p, false, false);
            return;
        }
        subscription.openStreams.add(response);
        try {
            read(response);
        } finally {
            subscription.openStreams.release(response);
        }
    }

    private void read(Response response) {
        long streamEpoch = attemptEpoch;
        boolean established = false;
        long establishedAt = 0;
        try {
            if (subscription.isClosed()) {
                return;
            }
            SseReader reader = new SseReader(new BufferedInputStream(response.readEntity(InputStream.class), 8192));
            while (true) {
                SseReader.Block block = reader.next();
                if (block == null) {
                    forgiveFailuresIfLived(streamEpoch, establishedAt);
                    subscription.streamFailed(streamEpoch, probe && !established, new HeraldException("stream ended"),
                            established, false);
                    return;
                }
                if (!established) {
                    established = true;
                    establishedAt = System.nanoTime();
                    streamEpoch = subscription.takeOver(attemptEpoch, probe);
                    if (streamEpoch < 0) {
                        return;
                    }
                }
                if (!onBlock(streamEpoch, block)) {
                    return;
                }
            }
        } catch (IOException | ProcessingException | IllegalStateException e) {
            // a read timeout here is the stall timeout: no byte, not even a keepalive, for that long
            HeraldException failure = new HeraldException("stream failed: " + e, e);
            if (established) {
                forgiveFailuresIfLived(streamEpoch, establishedAt);
            }
            subscription.streamFailed(streamEpoch, probe && !established, failure, established, isStall(e));
        }
    }

    /**
     * A stream that flowed for longer than the stall timeout was a success: the backoff starts
     * over. One that ends right after opening (again and again) keeps growing the backoff.
     */
    private void forgiveFailuresIfLived(long streamEpoch, long establishedAt) {
        if (System.nanoTime() - establishedAt >= subscription.settings.stallTimeout().toNanos()) {
            subscription.whileCurrent(streamEpoch, subscription.reconnects::succeeded);
        }
    }

    /** Handles one block; false when this stream no longer delivers. */
    private boolean onBlock(long streamEpoch, SseReader.Block block) {
        return subscription.whileCurrent(streamEpoch, () -> {
            if (block.retry() >= 0) {
                subscription.reconnects.serverRetry(Duration.ofMillis(block.retry()));
            }
            String data = block.data();
            String id = block.id();
            if (data == null) {
                return; // retry: and comments (keepalives) carry no event
            }
            if (id == null) {
                if (Event.RESET_TYPE.equals(block.event())) {
                    subscription.delivery.streamReset(WireJson.resetLastEventId(data));
                }
                return;
            }
            long eventId;
            try {
                eventId = Long.parseLong(id.trim());
            } catch (NumberFormatException e) {
                LOG.log(Level.WARNING, "ignoring an event with a non-numeric id: {0}", id);
                return;
            }
            List<String> topics = subscription.topics();
            // a several-topic stream's frames do not name the topic
            subscription.delivery.offer(new ReceivedEvent(eventId, topics.size() == 1 ? topics.get(0) : null,
                    block.event(), data));
        });
    }

    private static boolean isStall(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
