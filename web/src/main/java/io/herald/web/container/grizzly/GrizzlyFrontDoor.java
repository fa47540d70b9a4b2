package io.herald.web.container.grizzly;

import io.herald.web.container.DirectAnswer;
import io.herald.web.container.DirectLane;
import java.io.CharConversionException;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.Filter;
import org.glassfish.grizzly.filterchain.FilterChain;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.FilterChainEvent;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpEvents;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.http.HttpTrailer;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.Protocol;
import org.glassfish.grizzly.http.util.DataChunk;
import org.glassfish.grizzly.http.util.Header;
import org.glassfish.grizzly.http.util.RequestURIRef;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.threadpool.Threads;

/**
 * Stands in a listener's filter chain where the container's request handling filter stood (on
 * Payara, Grizzly's server filter in front of Catalina), and offers each plain {@code GET} to the
 * {@link DirectLane} first: one the lane takes is answered here, through Grizzly's HTTP codec
 * ({@link GrizzlyDirectExchange}); everything else, and every other filter event, goes to the
 * filter it replaced, as if it were not here.
 *
 * <p>Offered: {@code GET}, HTTP/1.1, no body and no {@code Expect} or {@code Upgrade}, over plain
 * TCP. Anything with a body, or a request the lane declines, is the container's, untouched, with
 * one exception for every method: a path Grizzly's decoder fails on, which Catalina answers with
 * an empty 200, gets the lane's refusal here ({@link DirectLane#unreadableTarget}).
 *
 * <p>Why in place of that filter rather than inserted beside it: Grizzly keeps per-connection
 * state by filter index, sized when a connection opens, so adding a filter to a running chain
 * breaks every open connection; replacing one changes no index ({@link GrizzlyDirectLanes}).
 */
final class GrizzlyFrontDoor implements Filter {

    private static final Logger LOG = Logger.getLogger(GrizzlyFrontDoor.class.getName());
    /** Set on a connection once a request of it was refused as unreadable: it closes after that answer. */
    private static final Attribute<Boolean> REFUSED =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(GrizzlyFrontDoor.class.getName() + ".refused");

    private final Filter container;
    private final DirectLane lane;
    /** Read once: whether the hub behind the lane is a cluster's, whose reads are round trips. */
    private final boolean offersMayWait;
    /** Cleared when the application stops: from then on everything goes to the container. */
    private volatile boolean open = true;

    /** The protocols some filter of the listener's chain upgrades a connection to ({@link #upgradesTakenBy}). */
    private final Set<String> upgradesTaken;

    GrizzlyFrontDoor(Filter container, DirectLane lane, Set<String> upgradesTaken) {
        this.container = container;
        this.lane = lane;
        this.offersMayWait = lane.offersMayWait();
        this.upgradesTaken = Set.copyOf(upgradesTaken);
    }

    /**
     * The upgrade protocols a listener's chain takes: {@code websocket} where it has Grizzly's
     * WebSocket filter, {@code h2c} where it has an HTTP/2 filter. Herald's Payara preboot turns
     * both off, so with it: none.
     */
    static Set<String> upgradesTakenBy(FilterChain chain) {
        Set<String> taken = new TreeSet<>();
        for (Filter filter : chain) {
            String name = filter.getClass().getName();
            if (name.contains("WebSocket")) {
                taken.add("websocket");
            }
            if (name.contains("Http2")) {
                taken.add("h2c");
            }
        }
        return taken;
    }

    Set<String> upgradesTaken() {
        return upgradesTaken;
    }

    /** The filter this door stands in front of (and that takes its place again when it closes). */
    Filter container() {
        return container;
    }

    void close() {
        open = false;
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        if (REFUSED.isSet(ctx.getConnection())) {
            return ctx.getStopAction(); // closing after a refusal: what was pipelined behind it is never answered
        }
        if (open && ctx.getMessage() instanceof HttpContent content
                && content.getHttpHeader() instanceof HttpRequestPacket request && hasUndecodablePath(request)) {
            return refuseUnreadableTarget(ctx, request);
        }
        if (open && ctx.getMessage() instanceof HttpContent content && offered(content)) {
            if (offersMayWait && Threads.isService()) {
                return offerOnWorker(ctx, content);
            }
            return offer(ctx, content);
        }
        return container.handleRead(ctx);
    }

    /** Offers the request to the lane; the container serves it if the lane declines it untouched. */
    private NextAction offer(FilterChainContext ctx, HttpContent content) throws IOException {
        GrizzlyDirectExchange exchange = new GrizzlyDirectExchange(ctx, (HttpRequestPacket) content.getHttpHeader());
        boolean taken;
        try {
            taken = lane.offer(exchange);
        } catch (RuntimeException failure) {
            if (exchange.untouched()) {
                LOG.log(Level.WARNING, "direct lane failed; the container serves the request", failure);
                return container.handleRead(ctx);
            }
            return exchange.abort(failure);
        }
        if (taken) {
            return exchange.afterOffer();
        }
        if (!exchange.untouched()) { // declined after taking it: a lane defect, never a half answer
            return exchange.abort(new IllegalStateException("the lane declined an exchange it had taken"));
        }
        return container.handleRead(ctx);
    }

    /**
     * Where the listener reads requests on its selector threads (Grizzly's same-thread strategy,
     * which Herald's Payara preboot sets), a lane offer that may wait on a round trip would hold
     * up every other connection of that selector meanwhile. So the request is suspended here and
     * offered on a worker thread, and the chain goes on from there with what the offer returned,
     * as the container's request handler does with its own requests.
     */
    private NextAction offerOnWorker(FilterChainContext ctx, HttpContent content) throws IOException {
        ExecutorService workers = ctx.getConnection().getTransport().getWorkerThreadPool();
        if (workers == null) {
            return offer(ctx, content);
        }
        ctx.suspend();
        try {
            workers.execute(() -> {
                NextAction next;
                try {
                    next = offer(ctx, content);
                } catch (IOException | RuntimeException failure) {
                    // the context is not recycled here: whatever failed may have completed it already, and a
                    // context recycled twice is handed out twice (see GrizzlyDirectExchange#abort)
                    LOG.log(Level.WARNING, "direct lane: a request offered on a worker failed; connection closed", failure);
                    ctx.getConnection().closeSilently();
                    return;
                }
                // a suspend action: the exchange waits, or its stream owns the connection; its answer or close goes on
                if (next != ctx.getSuspendAction()) {
                    ctx.resume(next);
                }
            });
        } catch (RejectedExecutionException full) {
            // the workers' queue is full (an overload): the client gets a closed connection, never a half answer
            LOG.warning("direct lane: no worker free to offer a request to; connection closed");
            ctx.getConnection().closeSilently();
            ctx.completeAndRecycle();
        }
        return ctx.getSuspendAction();
    }

    /**
     * Answers a request whose path cannot be decoded with the lane's refusal, on its first
     * content, and closes the connection after it: its later contents (a body Grizzly's codec has
     * not skipped yet) and any request behind it on the connection go nowhere. Catalina would fail
     * to decode the path and answer an empty 200 ({@link DirectLane#unreadableTarget}).
     */
    private NextAction refuseUnreadableTarget(FilterChainContext ctx, HttpRequestPacket request) {
        HttpResponsePacket response = request.getResponse();
        if (!response.isCommitted()) {
            REFUSED.set(ctx.getConnection(), Boolean.TRUE);
            DirectAnswer answer = lane.unreadableTarget();
            request.getProcessingState().setKeepAlive(false); // the codec says Connection: close and closes after the body
            response.setStatus(answer.status());
            answer.headers().forEach((name, value) -> {
                if (Header.ContentType.toString().equalsIgnoreCase(name)) {
                    response.setContentType(value);
                } else {
                    response.setHeader(name, value);
                }
            });
            response.setContentLength(answer.body().length);
            ctx.write(HttpContent.builder(response).content(Buffers.wrap(ctx.getMemoryManager(), answer.body())).last(true).build());
            ctx.notifyDownstream(HttpServerFilter.RESPONSE_COMPLETE_EVENT);
        }
        return ctx.getStopAction();
    }

    /**
     * Whether Grizzly's URI decoder fails on the request's path, as Catalina would find when it
     * decodes it: a {@code %} that starts no escape ({@code %zz}, {@code %4}, a trailing {@code %}),
     * an escape of invalid UTF-8, or a path that ends in a dot segment ({@code /x/.}, {@code /x/..},
     * on which the decoder runs past its buffer). Only a path with a {@code %} or a {@code /.} is
     * decoded here, with the decoder Catalina uses (whose result the request keeps); the others
     * are read in place, no text made. (A query is decoded later, parameter by parameter, and such
     * a value reaches the application, which refuses or ignores it.)
     */
    static boolean hasUndecodablePath(HttpRequestPacket request) {
        RequestURIRef uri = request.getRequestURIRef();
        DataChunk path = uri.getRequestURIBC();
        if (path.isNull() || path.indexOf('%', 0) < 0 && path.indexOf("/.", 0) < 0) {
            return false;
        }
        try {
            uri.getDecodedRequestURIBC(true); // an encoded slash is the application's to refuse, not the decoder's
            return false;
        } catch (CharConversionException | RuntimeException undecodable) {
            return true; // IllegalArgumentException, IllegalStateException, ArrayIndexOutOfBoundsException: all Grizzly throws
        }
    }

    /** A whole {@code GET} without a body, on HTTP/1.1 over plain TCP (see the class comment). */
    private static boolean offered(HttpContent content) {
        if (!content.isLast() || content instanceof HttpTrailer || content.getContent().hasRemaining()
                || !(content.getHttpHeader() instanceof HttpRequestPacket request)) {
            return false;
        }
        return Method.GET.equals(request.getMethod()) && request.getProtocol() == Protocol.HTTP_1_1
                && request.getContentLength() <= 0 && !request.isChunked() && !request.isUpgrade()
                && !request.isSecure() && request.getHeader(Header.Expect) == null
                && request.getHeader(Header.TransferEncoding) == null;
    }

    @Override
    public NextAction handleWrite(FilterChainContext ctx) throws IOException {
        return container.handleWrite(ctx);
    }

    @Override
    public NextAction handleConnect(FilterChainContext ctx) throws IOException {
        return container.handleConnect(ctx);
    }

    @Override
    public NextAction handleAccept(FilterChainContext ctx) throws IOException {
        return container.handleAccept(ctx);
    }

    /**
     * A request that asks to upgrade its connection to a protocol no filter here takes
     * ({@code Upgrade: h2c}, as Java's {@code HttpClient} and {@code curl --http2} send it on every
     * plain-HTTP request, or {@code websocket} with those filters off) is served as the HTTP/1.1
     * request it also is, as RFC 9110 (7.8) lets a server do. Grizzly's codec had marked it to read
     * the connection's bytes as its body until the connection ends, whatever its
     * {@code Content-Length}, so a {@code POST} with one waited for ever; told here, before the
     * codec frames the request, that it is no upgrade, the codec frames it as any other.
     */
    @Override
    public NextAction handleEvent(FilterChainContext ctx, FilterChainEvent event) throws IOException {
        if (open && event instanceof HttpEvents.IncomingHttpUpgradeEvent upgrade
                && upgrade.getHttpHeader() instanceof HttpRequestPacket request && !takesUpgrade(request.getUpgrade())) {
            request.setIgnoreContentModifiers(false);
            request.getUpgradeDC().recycle();
            return ctx.getStopAction();
        }
        return container.handleEvent(ctx, event);
    }

    /** Whether some filter here takes an upgrade to {@code protocols} (the Upgrade header: a list, first choice first). */
    private boolean takesUpgrade(String protocols) {
        for (String protocol : protocols.split(",")) {
            String name = protocol.strip().toLowerCase(Locale.ROOT);
            int slash = name.indexOf('/');
            if (upgradesTaken.contains(slash < 0 ? name : name.substring(0, slash))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public NextAction handleClose(FilterChainContext ctx) throws IOException {
        return container.handleClose(ctx);
    }

    @Override
    public void exceptionOccurred(FilterChainContext ctx, Throwable error) {
        container.exceptionOccurred(ctx, error);
    }

    /** The container's filter stays in the chain in spirit: it is not told it was added again. */
    @Override
    public void onAdded(FilterChain filterChain) {
    }

    @Override
    public void onRemoved(FilterChain filterChain) {
    }

    @Override
    public void onFilterChainChanged(FilterChain filterChain) {
        container.onFilterChainChanged(filterChain);
    }
}
