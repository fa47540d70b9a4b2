package io.herald.web.container;

import io.herald.web.sse.SseFrame;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request offered to the {@link DirectLane}, in the container's neutral terms: what it
 * asks (raw, undecoded), and the three ways the lane may take it. Until one of those is called the
 * request is untouched; after one, the lane owns it.
 *
 * <p>Only {@code GET} requests without a body over plain HTTP/1.1 are offered.
 */
public interface DirectExchange {

    /** The request path as sent, undecoded, with the application's context path. */
    String path();

    /** The query string as sent, undecoded, or null. */
    String query();

    /** The first value of header {@code name}, or null. */
    String header(String name);

    /**
     * Whether the first value of header {@code name} is {@code value}, letter case aside: the
     * question most requests' {@code Accept} answers, asked where a container can answer it
     * without making text of the header.
     */
    default boolean headerIs(String name, String value) {
        String first = header(name);
        return first != null && first.equalsIgnoreCase(value);
    }

    /** Every value of header {@code name}, in request order. */
    List<String> headers(String name);

    /** The address of the TCP peer. */
    String remoteAddress();

    /**
     * Answers now with a whole response; the connection then serves the client's next request
     * (keep-alive), unless a header says {@code Connection: close}. May be called once, from any
     * thread, at once or after {@link #suspend}.
     *
     * @param headers beside those the container owns ({@code Content-Length} is computed); an
     *                entry {@code Connection: close} closes the connection after the answer
     * @param body    empty for none
     */
    void answer(int status, Map<String, String> headers, byte[] body);

    /**
     * The answer will come later through {@link #answer}: the request waits without a thread, and
     * the connection is watched meanwhile so that a client that closes is noticed at once. Call it
     * before anything may answer from another thread, and after reading all the lane needs of the
     * request: a waiting exchange may let go of it, and its accessors then throw.
     *
     * @param onClosed run once if the client closes before the answer; the exchange is then done
     * @return the watch; its {@link DisconnectWatch#stop()} (called by the lane before it answers)
     *         says whether the client sent more meanwhile, when the answer must close the connection
     */
    DisconnectWatch suspend(Runnable onClosed);

    /**
     * Answers with the head of an event stream (status 200, {@code headers}, chunked, closing the
     * connection when it ends) and its first frames, and hands over the connection as the stream's
     * channel. The head and the first frames go out in one write: a client that connects, or
     * reconnects and is replayed what it missed, costs one system call and one packet.
     *
     * @param first     the stream's first frames (its {@code retry:} hint, then any replay),
     *                  written as the first chunk
     * @param onFailure run when a write fails or the client closes
     * @return the stream's channel, or null (nothing written) if this connection cannot carry one
     *         this way: the lane must leave the exchange to the container; if the client closed the
     *         connection as the head was written, a channel whose writes fail, after
     *         {@code onFailure} ran
     */
    FrameChannel openEventStream(Map<String, String> headers, List<SseFrame> first, Runnable onFailure);

    /**
     * Ends the exchange without an answer, closing the connection: for a failure after the lane
     * took it, when no answer can be trusted any more. The client sees the connection close.
     */
    void close();
}
