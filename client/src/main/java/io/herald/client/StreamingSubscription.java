package io.herald.client;

import io.herald.api.Event;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One subscription's state machine: stream (resuming with {@code Last-Event-ID}), reconnect with
 * backoff, fall back to long-poll, probe the stream again, deliver.
 *
 * <p>Delivery: every source (a stream, the polls of one fallback period) runs under an
 * <em>epoch</em>; a source delivers only while its epoch is current, under {@link #lock}, and only
 * events with ids above the last delivered one. Switching sources bumps the epoch, so a stale poll
 * answer or a dying stream can never deliver out of order or twice; the new source starts from the
 * last delivered id, so nothing is skipped. Ids come from one server-wide sequence, so "above the
 * last delivered id" is the whole de-duplication, across topics too.
 */
final class StreamingSubscription implements Subscription {

    private static final System.Logger LOG = System.getLogger(StreamingSubscription.class.getName());
    private static final MediaType EVENT_STREAM = MediaType.valueOf("text/event-stream");

    private final HeraldClient client;
    private final List<String> topics;
    private final HeraldListener listener;
    private final ReentrantLock lock = new ReentrantLock();
    private final Set<Response> openStreams = ConcurrentHashMap.newKeySet();

    // guarded by lock
    private long last;
    private long epoch;
    private Mode mode = Mode.CONNECTING;
    private boolean closed;
    private int failures;
    private boolean acceptAfterReset;
    private Duration serverRetry = Duration.ZERO;
    private ScheduledFuture<?> pending;

    StreamingSubscription(HeraldClient client, List<String> topics, HeraldListener listener, long lastEventId) {
        this.client = client;
        this.topics = topics;
        this.listener = listener;
        this.last = lastEventId;
    }

    void start() {
        long e;
        lock.lock();
        try {
            e = ++epoch;
        } finally {
            lock.unlock();
        }
        run(() -> streamAttempt(e, false));
    }

    @Override
    public List<String> topics() {
        return topics;
    }

    @Override
    public Mode mode() {
        lock.lock();
        try {
            return mode;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long lastEventId() {
        lock.lock();
        try {
            return last;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            epoch++;
            cancelPending();
            setMode(Mode.CLOSED);
        } finally {
            lock.unlock();
        }
        client.forget(this);
        // Closing a response whose body another thread is reading waits for that read to return
        // (the JDK connection's stream is synchronized): do it off the caller's thread.
        for (Response r : openStreams) {
            try {
                client.executor.execute(() -> closeQuietly(r));
            } catch (RejectedExecutionException e) {
                // executor gone: the read ends at its timeout
            }
        }
    }

    // ---- streaming ----------------------------------------------------------------------------

    /**
     * Opens a stream from the last delivered id and reads it until it ends. A {@code probe} runs
     * while the subscription polls: it takes over (stopping the polls) once its first frame
     * arrives, i.e. once bytes really flow through whatever is between client and server.
     */
    private void streamAttempt(long attemptEpoch, boolean probe) {
        long from;
        lock.lock();
        try {
            if (closed || epoch != attemptEpoch || probe && mode != Mode.POLLING) {
                return;
            }
        } finally {
            lock.unlock();
        }
        try {
            resolveStart();
        } catch (HeraldException e) {
            streamFailed(attemptEpoch, probe, e, false, false);
            return;
        }
        lock.lock();
        try {
            from = last;
        } finally {
            lock.unlock();
        }
        Response response;
        try {
            response = client.send(client.streamTarget(topics), Invocation.Builder::get, client.settings.stallTimeout(),
                    call -> {
                        Invocation.Builder c = call.accept(EVENT_STREAM, HeraldClient.PROBLEM);
                        return from >= 0 ? c.header(HeraldClient.LAST_EVENT_ID, Long.toString(from)) : c;
                    });
        } catch (HeraldException e) {
            streamFailed(attemptEpoch, probe, e, false, isStall(e));
            return;
        }
        if (response.getStatus() != 200) {
            HeraldProblemException p;
            try {
                p = HeraldClient.problem(response);
            } finally {
                response.close();
            }
            streamFailed(attemptEpoch, probe, p, false, false);
            return;
        }
        openStreams.add(response);
        long streamEpoch = attemptEpoch;
        boolean established = false;
        long establishedAt = 0;
        try {
            if (isClosed()) {
                return;
            }
            SseReader reader = new SseReader(new BufferedInputStream(response.readEntity(InputStream.class), 8192));
            while (true) {
                SseReader.Block block = reader.next();
                if (block == null) {
                    forgiveFailuresIfLived(streamEpoch, establishedAt);
                    streamFailed(streamEpoch, probe && !established, new HeraldException("stream ended"), established, false);
                    return;
                }
                if (!established) {
                    established = true;
                    establishedAt = System.nanoTime();
                    streamEpoch = takeOver(attemptEpoch, probe);
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
            streamFailed(streamEpoch, probe && !established, failure, established, isStall(e));
        } finally {
            openStreams.remove(response);
            closeQuietly(response);
        }
    }

    /** The first frame arrived: this stream now delivers. Returns its epoch, or -1 if it lost the race. */
    private long takeOver(long attemptEpoch, boolean probe) {
        lock.lock();
        try {
            if (closed || epoch != attemptEpoch || probe && mode != Mode.POLLING) {
                return -1;
            }
            if (probe) {
                epoch++; // the polls of this fallback period stop delivering from here on
                cancelPending();
            }
            setMode(Mode.STREAMING);
            return epoch;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A stream that flowed for longer than the stall timeout was a success: the backoff starts
     * over. One that ends right after opening (again and again) keeps growing the backoff.
     */
    private void forgiveFailuresIfLived(long streamEpoch, long establishedAt) {
        if (System.nanoTime() - establishedAt >= client.settings.stallTimeout().toNanos()) {
            lock.lock();
            try {
                if (epoch == streamEpoch) {
                    failures = 0;
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** Handles one block; false when this stream no longer delivers. */
    private boolean onBlock(long streamEpoch, SseReader.Block block) {
        lock.lock();
        try {
            if (closed || epoch != streamEpoch) {
                return false;
            }
            if (block.retry() >= 0) {
                serverRetry = Duration.ofMillis(block.retry());
            }
            String data = block.data();
            String id = block.id();
            if (data == null) {
                return true; // retry: and comments (keepalives) carry no event
            }
            if (id == null) {
                if ("reset".equals(block.event())) {
                    long n = WireJson.resetLastEventId(data);
                    // The retained events follow. If the stream was opened from our own position,
                    // the next event is taken even with a lower id: the server's sequence may have
                    // started over (a restarted single node). A stream opened from an older
                    // position (a probe overtaken by polls) keeps the usual rule.
                    if (n < 0 || n >= last) {
                        acceptAfterReset = true;
                    }
                    notifyReset(n < 0 ? last : n);
                }
                return true;
            }
            long eventId;
            try {
                eventId = Long.parseLong(id.trim());
            } catch (NumberFormatException e) {
                LOG.log(Level.WARNING, "ignoring an event with a non-numeric id: {0}", id);
                return true;
            }
            if (acceptAfterReset || eventId > last) {
                acceptAfterReset = false;
                deliver(new ReceivedEvent(eventId, topics.size() == 1 ? topics.get(0) : null, block.event(), data));
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A stream attempt ended. A stream that was flowing and dropped is reconnected (after the
     * server's {@code retry:}, then backoff); one that never flowed or stalled makes the
     * subscription fall back to long-poll, unless a limit refused it (polls count against it too).
     */
    private void streamFailed(long attemptEpoch, boolean failedProbe, HeraldException error, boolean established,
                              boolean stalled) {
        lock.lock();
        try {
            if (closed || epoch != attemptEpoch) {
                return;
            }
            if (failedProbe) {
                if (mode == Mode.POLLING) {
                    scheduleProbe(attemptEpoch);
                }
                return;
            }
            if (endsSubscription(error)) {
                end(error);
                return;
            }
            listener.onError(error, false);
            long e = ++epoch;
            failures++;
            if (established && !stalled) {
                setMode(Mode.CONNECTING);
                schedule(() -> streamAttempt(e, false), client.settings.backoff().delay(failures, serverRetry));
            } else if (error instanceof HeraldProblemException p && (p.status() == 429 || p.status() == 503)) {
                setMode(Mode.CONNECTING);
                Duration wait = client.settings.backoff().delay(failures, p.retryAfter().orElse(serverRetry));
                schedule(() -> streamAttempt(e, false), wait);
            } else {
                enterPolling(e);
            }
        } finally {
            lock.unlock();
        }
    }

    private static boolean isStall(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    // ---- long-poll fallback -------------------------------------------------------------------

    /** Called with the lock held and the new epoch: polls every topic, probes the stream later. */
    private void enterPolling(long pollEpoch) {
        setMode(Mode.POLLING);
        for (String topic : topics) {
            run(() -> pollLoop(topic, pollEpoch));
        }
        scheduleProbe(pollEpoch);
    }

    private void scheduleProbe(long pollEpoch) {
        schedule(() -> streamAttempt(pollEpoch, true), client.settings.streamRetryInterval());
    }

    /**
     * Long-polls one topic from the last delivered id while {@code pollEpoch} is current. With one
     * topic the answer is delivered. With several, an answer is a wake-up: the other topics'
     * histories are read after it and merged by id up to the answer's highest id. Ids are assigned
     * and stored in one order on the server, so once an event is visible every lower id is too and
     * the merge leaves no gap; anything above that id comes with the next round.
     */
    private void pollLoop(String topic, long pollEpoch) {
        try {
            resolveStart();
        } catch (HeraldException e) {
            pollFailed(pollEpoch, e);
            return;
        }
        while (true) {
            long since;
            lock.lock();
            try {
                if (closed || epoch != pollEpoch) {
                    return;
                }
                since = last;
            } finally {
                lock.unlock();
            }
            List<Event> batch;
            boolean missed;
            try {
                History answer = poll(topic, since);
                batch = new ArrayList<>(answer.events());
                missed = answer.missed();
                if (topics.size() > 1 && !batch.isEmpty()) {
                    long cut = batch.stream().mapToLong(Event::id).max().orElseThrow();
                    for (String other : topics) {
                        if (!other.equals(topic)) {
                            History h = client.history(other, since);
                            missed |= h.missed();
                            h.events().stream().filter(ev -> ev.id() <= cut).forEach(batch::add);
                        }
                    }
                    batch.sort(Comparator.comparingLong(Event::id));
                }
            } catch (HeraldException e) {
                pollFailed(pollEpoch, e);
                return;
            }
            lock.lock();
            try {
                if (closed || epoch != pollEpoch) {
                    return;
                }
                failures = 0;
                deliverPolled(batch, missed, since);
            } finally {
                lock.unlock();
            }
        }
    }

    private History poll(String topic, long since) {
        Duration wait = client.settings.pollTimeout();
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        try (Response r = client.send(client.topicTarget(topic, "poll").queryParam("since", since)
                        .queryParam("timeout", seconds), Invocation.Builder::get,
                Duration.ofSeconds(seconds).plus(client.settings.requestTimeout()),
                call -> call.accept(MediaType.APPLICATION_JSON_TYPE, HeraldClient.PROBLEM))) {
            boolean missed = "true".equalsIgnoreCase(r.getHeaderString(HeraldClient.MISSED_HEADER));
            if (r.getStatus() == 204) {
                return new History(List.of(), missed);
            }
            return new History(WireJson.events(HeraldClient.requireStatus(r, 200)), missed);
        } catch (ProcessingException e) {
            throw new HeraldException("poll failed: " + e.getMessage(), e);
        }
    }

    /** Delivers a poll round's events (id order); called with the lock held. */
    private void deliverPolled(List<Event> events, boolean missed, long since) {
        boolean current = since == last; // a round that started before the last delivery knows less
        // ids at or below what was asked for: the server's sequence started over (a restarted node)
        boolean restarted = !events.isEmpty() && events.get(0).id() <= since;
        if (current && (missed || restarted)) {
            notifyReset(since);
            if (restarted) {
                acceptAfterReset = true;
            }
        }
        for (Event e : events) {
            if (acceptAfterReset || e.id() > last) {
                acceptAfterReset = false;
                deliver(new ReceivedEvent(e.id(), e.topic(), e.type(), e.data()));
            }
        }
    }

    private void pollFailed(long pollEpoch, HeraldException error) {
        lock.lock();
        try {
            if (closed || epoch != pollEpoch) {
                return;
            }
            if (endsSubscription(error)) {
                end(error);
                return;
            }
            listener.onError(error, false);
            long e = ++epoch; // stops the other topics' polls and the probe
            cancelPending();
            failures++;
            setMode(Mode.CONNECTING);
            Duration hint = error instanceof HeraldProblemException p ? p.retryAfter().orElse(serverRetry) : serverRetry;
            schedule(() -> streamAttempt(e, false), client.settings.backoff().delay(failures, hint));
        } finally {
            lock.unlock();
        }
    }

    // ---- shared -------------------------------------------------------------------------------

    /** Without a known position, starts from the topics' newest retained id (so "from now" survives a drop). */
    private void resolveStart() {
        lock.lock();
        try {
            if (last >= 0) {
                return;
            }
        } finally {
            lock.unlock();
        }
        long newest = 0;
        for (String topic : topics) {
            newest = Math.max(newest, client.info(topic).lastId());
        }
        lock.lock();
        try {
            if (last < 0) {
                last = newest;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Lock held. */
    private void deliver(ReceivedEvent event) {
        last = event.id();
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "listener failed on event " + event.id() + "; delivery goes on", e);
        }
    }

    private void notifyReset(long lastEventId) {
        try {
            listener.onReset(lastEventId);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "listener failed on reset; delivery goes on", e);
        }
    }

    /** Lock held. */
    private void setMode(Mode next) {
        if (mode != next) {
            mode = next;
            try {
                listener.onModeChange(next);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "listener failed on mode change", e);
            }
        }
    }

    /**
     * Answers that retrying cannot change: the request itself is wrong or not allowed. A 404 is
     * not one of them: a server that is booting (or being redeployed) answers 404 until the
     * application is there, and a valid topic name never 404s once it is.
     */
    private boolean endsSubscription(HeraldException error) {
        if (!(error instanceof HeraldProblemException p)) {
            return false;
        }
        int s = p.status();
        return s == 400 || s == 403 || s == 405 || s == 406 || s == 415
                || s == 401 && !client.tokens.enabled();
    }

    /** Lock held. */
    private void end(HeraldException error) {
        closed = true;
        epoch++;
        cancelPending();
        setMode(Mode.CLOSED);
        client.forget(this);
        try {
            listener.onError(error, true);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "listener failed on error", e);
        }
    }

    private boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Lock held. */
    private void schedule(Runnable task, Duration delay) {
        try {
            pending = client.timer.schedule(() -> run(task), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // client closing
        }
    }

    /** Lock held. */
    private void cancelPending() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }

    /** Closing after the client closed fails inside Jersey (its injection scope is gone): nothing left to release. */
    private static void closeQuietly(Response r) {
        try {
            r.close();
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "closing a response failed", e);
        }
    }

    private void run(Runnable task) {
        try {
            client.executor.execute(task);
        } catch (RejectedExecutionException e) {
            // client closing
        }
    }
}
