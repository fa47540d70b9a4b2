package io.herald.web.container;

import java.net.URI;
import java.util.Optional;
import jakarta.servlet.http.HttpServletResponse;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

/**
 * What streams, polls and filters may ask of the servlet container beyond the servlet API, in the
 * container's neutral terms: one implementation per container that allows more, found once by
 * {@link Containers#current()}; callers never name it.
 *
 * <p>Every method has the portable answer as its default ("cannot": null, {@link DisconnectWatch#NONE},
 * nothing done), which is what a container without an implementation gets, so a new question (a
 * long-poll fast path, say) is one default method here plus its override where a container can do
 * better. An implementation must not throw for a response it does not recognise: it answers
 * "cannot" and the caller takes the portable path.
 */
public interface ContainerSupport {

    /** Which container this is, in a word, for the log lines that say which path was taken. */
    String name();

    /**
     * Called before an event-stream request is handed to JAX-RS, while nothing is written yet:
     * e.g. shrinks the container's response buffer, which only ever held one small frame at a time.
     */
    default void prepareStream(HttpServletResponse response) {
    }

    /**
     * The channel straight to the connection of {@code response}, an answered event stream (JAX-RS
     * has written and committed its status, headers and first frame; the request is still
     * suspended), or null if this container or this response does not allow it: the caller then
     * writes through the servlet output stream. If the channel {@link FrameChannel#ownsConnection()
     * took the connection over}, the container's request must be ended at once (by closing the
     * JAX-RS sink) and the stream ends by closing the channel.
     *
     * @param onFailure run, on whichever thread learns of it, when a write fails or the connection
     *                  closes (ending a stream is idempotent)
     */
    default FrameChannel takeOverStream(HttpServletResponse response, Runnable onFailure) {
        return null;
    }

    /**
     * Starts watching the connection of {@code response}'s request, which is about to wait
     * unanswered (a long-poll), so that a client that closes is noticed at once.
     *
     * @param onClosed run once if the client closes its connection before {@link DisconnectWatch#stop()}
     * @return {@link DisconnectWatch#NONE} where the connection cannot be watched: the request then
     *         keeps what it holds until it is answered or times out
     */
    default DisconnectWatch watchForClose(HttpServletResponse response, Runnable onClosed) {
        return DisconnectWatch.NONE;
    }

    /**
     * What sets the reason phrase of a status on {@code response}'s status line (the servlet API
     * cannot), given the phrase of each status ({@code phrases}, null for "keep the container's");
     * null if the container writes its own phrases regardless.
     */
    default IntConsumer reasonPhrases(HttpServletResponse response, IntFunction<String> phrases) {
        return null;
    }

    /**
     * Opens the {@link DirectLane} on the listener that carried {@code response}'s request: from
     * then on the container offers {@code lane} each plain {@code GET} on that listener before its
     * servlet pipeline. Called for the first requests the application serves (the listener is not
     * reachable before), until it opens.
     *
     * @return what closes the lane again (at undeployment), or null where this container or
     *         listener does not allow it
     */
    default AutoCloseable openDirectLane(HttpServletResponse response, DirectLane lane) {
        return null;
    }

    /**
     * Where this server's own HTTP listener answers on this machine ({@code http://127.0.0.1:8080/}),
     * as the container reports it, or empty where it does not: the address a start-up request goes
     * to so that {@link #openDirectLane} runs before the first client's request.
     */
    default Optional<URI> ownListener() {
        return Optional.empty();
    }
}
