package io.herald.web.poll;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * How a poll's wait ends when no answer will be sent: its client went, or its request ended
 * first (the container's timeout, a failure). The wait completes with it, which unregisters it in
 * the hub and gives its places back, as any completion does.
 *
 * <p>Why not {@code cancel}: a cancelled future makes a {@code CancellationException}, and every
 * stage that depends on it wraps that in a {@code CompletionException} of its own, each filling in
 * its stack trace; a wait has four or five such stages, so a client that left cost more than an
 * answer (bench/PROFILE.md). This one is a {@code CompletionException} already, which the stages
 * pass on as it is, and it has no stack trace: it says that the client went, not where.
 */
final class AbandonedWait extends CompletionException {

    private static final long serialVersionUID = 1L;

    private AbandonedWait() {
        super("the poll's client went or its request ended before an answer");
    }

    /** Ends {@code wait} unanswered, if nothing completed it before. */
    static void end(CompletableFuture<?> wait) {
        if (!wait.isDone()) {
            wait.completeExceptionally(new AbandonedWait());
        }
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // see the class comment: nothing to learn from where a client went
    }
}
