package io.herald.web.stream;

/**
 * Tells the hub that a stream's write failed and the stream has ended, so that it drops this
 * subscriber only. It carries no stack trace of its own: it is how a closed connection is reported,
 * thousands at once when a reconnect storm resets every client before the next publish reaches them,
 * and where it was thrown says nothing the cause (the failed write) does not.
 */
final class StreamEndedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    StreamEndedException(Throwable cause) {
        super("SSE write failed; stream ended", cause);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
