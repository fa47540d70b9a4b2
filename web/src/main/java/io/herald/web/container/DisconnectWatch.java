package io.herald.web.container;

/**
 * One waiting (suspended) request's watch on its connection ({@link ContainerSupport#watchForClose}),
 * so that what the request holds (a long-poll's place and its per-client slot) is given back as
 * soon as the client closes, rather than at its timeout. The servlet API has no such notice: a
 * container learns of a closed connection only when it next writes to it, and a waiting poll
 * writes nothing until it answers.
 */
@FunctionalInterface
public interface DisconnectWatch {

    /** A watch that sees nothing: where the container's connection cannot be reached. */
    DisconnectWatch NONE = () -> false;

    /**
     * Stops watching; call it before the request is answered, on every path. Idempotent.
     *
     * @return true if the client sent bytes while its request waited (a request pipelined behind
     *         this one, which was dropped): the answer must then close the connection, so the
     *         client sends that request again on a new one
     */
    boolean stop();
}
