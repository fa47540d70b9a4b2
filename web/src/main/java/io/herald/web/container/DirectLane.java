package io.herald.web.container;

/**
 * Herald's side of the direct lane: requests the container offers before its servlet pipeline
 * (on Payara, before Catalina, Weld's request context and Jersey), for Herald to answer itself
 * when it can answer exactly as its JAX-RS resources would ({@link ContainerSupport#openDirectLane}).
 *
 * <p>Why: a stream's connect and a long-poll's every round are one HTTP request each, and the
 * container's per-request pipeline is most of their cost (bench/PROFILE.md); the answer itself is
 * a few hundred bytes.
 */
public interface DirectLane {

    /**
     * Takes {@code exchange} if it is one this lane answers the same way the JAX-RS resources
     * would; otherwise leaves it untouched, and the container serves it as usual (every error
     * answer, for one, comes from the resources). Runs on the container's request threads, which
     * may be its I/O threads: it must not block, apart from what {@link #offersMayWait()} owns up to.
     *
     * @return true if the lane answered, opened a stream on, or suspended the exchange
     */
    boolean offer(DirectExchange exchange);

    /**
     * The answer to a request whose path the container cannot decode: a {@code %} that starts no
     * percent-encoding ({@code %zz}, {@code %4}, a trailing {@code %}), an escape of invalid UTF-8,
     * or (Grizzly's decoder) a dot segment at the end. Catalina (Payara) fails on such a path after
     * logging it and answers an empty 200, so a container that can answers it itself with this,
     * whatever the request's method, and closes the connection.
     */
    DirectAnswer unreadableTarget();

    /**
     * Whether {@link #offer} may wait on a round trip to a shared event store (a cluster's history
     * reads): a container whose I/O threads read requests then offers them from a thread that may wait.
     */
    default boolean offersMayWait() {
        return false;
    }
}
