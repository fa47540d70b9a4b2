package io.herald.web.container.grizzly;

import io.herald.web.container.DirectExchange;
import io.herald.web.container.DisconnectWatch;
import io.herald.web.container.FrameChannel;
import io.herald.web.sse.SseFrame;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.EmptyCompletionHandler;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpContext;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.ProcessingState;
import org.glassfish.grizzly.http.Protocol;
import org.glassfish.grizzly.http.util.DataChunk;
import org.glassfish.grizzly.http.util.Header;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.nio.NIOConnection;
import org.glassfish.grizzly.nio.NIOTransport;

/**
 * A request offered to the direct lane by {@link GrizzlyFrontDoor}, answered through Grizzly's own
 * HTTP codec: the answer is an {@link HttpResponsePacket} and one last {@link HttpContent} written
 * down the listener's chain, which encodes them, keeps the connection alive or closes it, and then
 * reads the next request; the same steps Grizzly's server filter takes at the end of a response
 * (and its file cache filter, which also answers below the request handler).
 *
 * <p>A waiting answer suspends the filter chain's context, which is all the request holds while it
 * waits: no container request, response, buffers or codec packets (the request's accessors are
 * done once it suspends). The context is resumed by the answer, or completed when the client goes.
 *
 * <p>Locking: {@code state} is the one transition each way out takes (compare-and-set), so an
 * answer and a client's close race harmlessly: whichever comes first ends the exchange.
 */
final class GrizzlyDirectExchange implements DirectExchange {

    private static final Logger LOG = Logger.getLogger(GrizzlyDirectExchange.class.getName());

    private enum State { OFFERED, WAITING, ANSWERED, STREAMING, GONE }

    private final FilterChainContext ctx;
    private final HttpRequestPacket request;
    /** Kept apart: the request packet goes back to Grizzly's cache once answered, and forgets it. */
    private final Connection<?> connection;
    private final AtomicReference<State> state = new AtomicReference<>(State.OFFERED);
    /** Set once the context is suspended: from then on only the answer or the close may touch it. */
    private volatile boolean suspended;
    /**
     * Whether the waiting request's answer may keep the connection alive, as the codec read it:
     * all a waiting answer needs of the request, whose packets are given back when it suspends.
     * Written before the move to {@code WAITING}, read after it.
     */
    private boolean keepAliveOnceAnswered;

    GrizzlyDirectExchange(FilterChainContext ctx, HttpRequestPacket request) {
        this.ctx = ctx;
        this.request = request;
        this.connection = request.getConnection();
    }

    @Override
    public String path() {
        HttpRequestPacket request = request();
        String ascii = GrizzlyAsciiText.of(request.getRequestURIRef().getRequestURIBC());
        return ascii != null ? ascii : request.getRequestURI();
    }

    @Override
    public String query() {
        HttpRequestPacket request = request();
        String ascii = GrizzlyAsciiText.of(request.getQueryStringDC());
        return ascii != null ? ascii : request.getQueryString();
    }

    @Override
    public String header(String name) {
        return request().getHeader(name);
    }

    /** Compares Grizzly's bytes of the header, as {@code getHeader} would read them (Accept and the like are no special headers), without a String. */
    @Override
    public boolean headerIs(String name, String value) {
        DataChunk first = request().getHeaders().getValue(name);
        return first != null && first.equalsIgnoreCase(value);
    }

    @Override
    public List<String> headers(String name) {
        List<String> values = new ArrayList<>(1);
        for (String value : request().getHeaders().values(name)) {
            values.add(value);
        }
        return values;
    }

    @Override
    public String remoteAddress() {
        return request().getRemoteAddress();
    }

    /**
     * The request, while it is this exchange's: once suspended, its packets went back to Grizzly's
     * cache and may be parsing another client's request, which must never be read through here.
     */
    private HttpRequestPacket request() {
        if (suspended) {
            throw new IllegalStateException("a waiting exchange gave its request back: read what it needs before suspending");
        }
        return request;
    }

    @Override
    public void answer(int status, Map<String, String> headers, byte[] body) {
        State was = state.get();
        if ((was != State.OFFERED && was != State.WAITING) || !state.compareAndSet(was, State.ANSWERED)) {
            return; // the client went first
        }
        if (was == State.OFFERED) {
            write(request.getResponse(), status, headers, body); // on the worker reading the request
            recyclePackets(request.getResponse());
            return;
        }
        onConnectionThread(() -> {
            try {
                HttpResponsePacket response = waitedResponse();
                write(response, status, headers, body);
                recyclePackets(response);
            } catch (RuntimeException failure) {
                // never a half answer, and never a connection left waiting
                LOG.log(Level.WARNING, "a waiting direct answer failed; connection closed", failure);
                connection.closeSilently();
            }
            ctx.resume(ctx.getStopAction()); // the chain goes on: reads the connection's next request
        });
    }

    /**
     * The response packet of a stand-in for the waiting request, whose own packets went back to
     * Grizzly's cache when it suspended: the stand-in carries what the codec reads of a request to
     * encode its response and end it (method, protocol, keep-alive, the connection's HTTP
     * context). Both come from the same per-thread caches and go back after the answer.
     */
    private HttpResponsePacket waitedResponse() {
        HttpRequestPacket waited = HttpRequestPacket.builder().method(Method.GET).protocol(Protocol.HTTP_1_1).build();
        waited.setExpectContent(false); // a GET without a body: nothing left to read, and recyclable
        HttpResponsePacket response = HttpResponsePacket.builder(waited).protocol(Protocol.HTTP_1_1).build();
        response.setRequest(waited);
        ProcessingState processing = waited.getProcessingState();
        processing.setKeepAlive(keepAliveOnceAnswered);
        // the codec counts the connection's requests and ends the response through this context,
        // kept on the connection as it keeps its own
        HttpContext context = HttpContext.newInstance(connection, connection, connection, waited);
        processing.setHttpContext(context);
        context.attach(ctx);
        return response;
    }

    /** The whole answer, encoded by the codec; then the end of the response, which keeps the connection alive or closes it. */
    private void write(HttpResponsePacket response, int status, Map<String, String> headers, byte[] body) {
        response.setStatus(status);
        putHeaders(response, headers);
        response.setContentLength(body.length);
        ctx.write(HttpContent.builder(response)
                .content(body.length == 0 ? Buffers.EMPTY_BUFFER : Buffers.wrap(ctx.getMemoryManager(), body))
                .last(true)
                .build());
        ctx.notifyDownstream(HttpServerFilter.RESPONSE_COMPLETE_EVENT);
    }

    /**
     * Runs a waiting exchange's answer on the thread that selects its connection, not on the
     * thread that answered (the hub's delivery thread), as a task queued to that selector.
     * <ul>
     * <li>Read interest: the disconnect watch's stop turns it off and the chain's end turns it on
     * again. On the selector's own thread both changes happen before its next select, which then
     * makes no {@code epoll_ctl} call for them; from a worker thread each turn-on was a queued task
     * and a selector wake-up, and the pair cost an {@code epoll_ctl} call each whenever a select
     * came between them (bench/PROFILE.md counts them per wake).</li>
     * <li>No hand-over to a worker thread, so no worker is woken per answer.</li>
     * <li>Grizzly's per-thread caches still serve the codec: selector threads are Grizzly's own
     * threads, with caches of their own. Encoded on a thread without them, every answer
     * allocated a fresh buffer, and a request packet given back there never served a request
     * again.</li>
     * <li>Safe on the selector: the write never blocks (it goes to the connection's write queue if
     * the socket is full). A request pipelined behind the poll was either dropped by the watch
     * (the answer then closes the connection) or read with the poll and held by Grizzly; that one
     * is served next from here as any request read on a selector: the container's handler hands
     * its own to a worker thread.</li>
     * </ul>
     * A connection without a selector (never so for a Grizzly listener's) has it run here.
     */
    private void onConnectionThread(Runnable task) {
        if (connection instanceof NIOConnection nio && nio.getSelectorRunner() != null
                && nio.getTransport() instanceof NIOTransport transport) {
            transport.getSelectorHandler().enque(nio.getSelectorRunner(), () -> {
                task.run();
                return true;
            }, new EmptyCompletionHandler<>() {
                @Override
                public void cancelled() {
                    task.run(); // the selector stopped: late here beats never
                }
            });
            return;
        }
        task.run(); // not a selected connection (never so for a Grizzly listener's): no other thread to go to
    }

    @Override
    public DisconnectWatch suspend(Runnable onClosed) {
        keepAliveOnceAnswered = request.getProcessingState().isKeepAlive();
        if (!state.compareAndSet(State.OFFERED, State.WAITING)) {
            throw new IllegalStateException("exchange already taken: " + state.get());
        }
        suspended = true;
        ctx.suspend();
        releaseRequest();
        return GrizzlyDisconnectWatch.start(connection, () -> {
            if (state.compareAndSet(State.WAITING, State.GONE)) {
                try {
                    onClosed.run();
                } finally {
                    ctx.completeAndRecycle();
                }
            }
        });
    }

    @Override
    public FrameChannel openEventStream(Map<String, String> headers, List<SseFrame> first, Runnable onFailure) {
        HttpResponsePacket response = request.getResponse();
        if (request.isSecure() || !GrizzlyConnectionTakeover.canTakeOver(response)
                || !state.compareAndSet(State.OFFERED, State.STREAMING)) {
            return null;
        }
        response.setStatus(200);
        putHeaders(response, headers);
        // Always: the stream ends by closing its connection (see DirectExchange#openEventStream),
        // and only a head the codec encodes as not kept alive can be taken over below. Left to the
        // lane's headers, a head without it was written and then the connection closed with null
        // returned, although null promises that nothing was written (GrizzlyFrontDoorTest).
        response.setHeader(Header.Connection, "close");
        response.setChunked(true);
        // the head and the first frames as its first chunk, encoded by the codec into one write; the
        // other frames follow on the channel, as chunks of the same body
        ctx.write(HttpContent.builder(response)
                .content(Buffers.wrap(ctx.getMemoryManager(), SseFrame.messagesOf(first))).build());
        FrameChannel channel = GrizzlyChunkChannel.of(response, onFailure);
        if (channel == null && !connection.isOpen()) {
            // the client went before its head could be written (a reset in a reconnect storm): the
            // stream ends at once, and nothing is left to answer
            LOG.fine("direct event stream's client closed before its head was written");
            onFailure.run();
            return CLIENT_GONE;
        }
        if (channel == null || !channel.ownsConnection()) {
            // cannot happen once the head is written as checked above; the head is out, so the
            // client gets a closed stream and reconnects
            LOG.warning("direct event stream could not take its connection over; closed");
            connection.closeSilently();
            return null;
        }
        return channel;
    }

    /**
     * Lets a waiting request hold only its suspended context: the codec's request and response
     * packets (most of a waiting poll's heap, bench/PROFILE.md) go back to the reading worker's
     * cache, where the next request it parses takes them, instead of being held for the whole
     * wait; the context forgets them too (its message, and the HTTP context the codec attached).
     * The codec itself let go of the request once it was parsed: a GET has no body to read.
     */
    private void releaseRequest() {
        ctx.setMessage(null);
        ctx.getAttributes().removeAttribute(HttpContext.class.getName());
        recyclePackets(request.getResponse());
    }

    /**
     * Gives a response's packets back to Grizzly's per-thread cache, as its server filter does
     * after a response: the response first (it is reset only while its request is still there),
     * then the request.
     */
    private static void recyclePackets(HttpResponsePacket response) {
        HttpRequestPacket request = response.getRequest();
        response.recycle();
        request.recycle();
    }

    /** The channel of a stream whose client closed as its head was written: writes fail, closing does nothing. */
    private static final FrameChannel CLIENT_GONE = new FrameChannel() {
        @Override
        public void write(SseFrame frame) throws IOException {
            throw new IOException("the client closed the connection");
        }

        @Override
        public void flush() throws IOException {
            throw new IOException("the client closed the connection");
        }

        @Override
        public boolean backedUp() {
            return false;
        }

        @Override
        public boolean ownsConnection() {
            return true;
        }
    };

    private static void putHeaders(HttpResponsePacket response, Map<String, String> headers) {
        headers.forEach((name, value) -> {
            if (Header.ContentType.toString().equalsIgnoreCase(name)) {
                response.setContentType(value);
            } else {
                response.addHeader(name, value);
            }
        });
    }

    /**
     * What the front door returns from its read once the lane took the exchange: go on with the
     * next request after an answer; leave the context alone while it waits (its answer resumes
     * it); for a stream, the chain is done with this connection for good (as after a taken-over
     * stream's request in the container).
     */
    NextAction afterOffer() {
        if (suspended) {
            return ctx.getSuspendAction(); // answered or closed already, maybe: that side resumed or completed it
        }
        if (state.get() == State.GONE) {
            return ctx.getStopAction(); // closed by the lane: nothing more to read
        }
        return switch (state.get()) {
            case ANSWERED -> ctx.getStopAction();
            case STREAMING -> {
                NextAction suspend = ctx.getSuspendAction();
                ctx.completeAndRecycle();
                recyclePackets(request.getResponse()); // the stream writes its own chunks: nothing reads the packets again
                yield suspend;
            }
            case OFFERED, WAITING, GONE -> throw new IllegalStateException("the lane took an exchange without answering it");
        };
    }

    /** Whether the lane did anything with the exchange yet (if not, the container may still serve it). */
    boolean untouched() {
        return state.get() == State.OFFERED;
    }

    @Override
    public void close() {
        State was = state.getAndSet(State.GONE);
        if (was == State.GONE) {
            return;
        }
        connection.closeSilently();
        if (was == State.WAITING) {
            ctx.completeAndRecycle();
        }
    }

    /**
     * A lane failure after it took the exchange: the client gets a closed connection, never a half
     * answer.
     *
     * @return what the front door's read returns then
     */
    NextAction abort(RuntimeException failure) {
        LOG.log(Level.WARNING, "direct lane failed on a request it took; connection closed", failure);
        close();
        // Once suspended, the context is completed by close() (or by the answer's resume): the read
        // must return the suspend action, never the stop action, on which the chain completes and
        // recycles the context a second time. Grizzly then hands the same context out twice on this
        // thread, and the next request served on it breaks (its answer's write context is its read
        // context: GrizzlyFrontDoorTest, a lane that throws after suspending).
        return suspended ? ctx.getSuspendAction() : ctx.getStopAction();
    }
}
