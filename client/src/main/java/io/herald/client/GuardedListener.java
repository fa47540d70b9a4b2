package io.herald.client;

import java.lang.System.Logger.Level;

/**
 * The caller's {@link HeraldListener}, called so that a listener that throws cannot stop delivery:
 * the exception is logged and the subscription goes on.
 */
final class GuardedListener {

    // the subscription's logger, as before the split, so existing logging configuration still applies
    private static final System.Logger LOG = System.getLogger(StreamingSubscription.class.getName());

    private final HeraldListener listener;

    GuardedListener(HeraldListener listener) {
        this.listener = listener;
    }

    void event(ReceivedEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "listener failed on event " + event.id() + "; delivery goes on", e);
        }
    }

    void reset(long lastEventId) {
        try {
            listener.onReset(lastEventId);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "listener failed on reset; delivery goes on", e);
        }
    }

    void modeChanged(Subscription.Mode mode) {
        try {
            listener.onModeChange(mode);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "listener failed on mode change", e);
        }
    }

    /** The subscription ended with {@code error}. */
    void ended(HeraldException error) {
        try {
            listener.onError(error, true);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "listener failed on error", e);
        }
    }

    /**
     * A failure the subscription retries. Guarded like every other call: a listener that throws here
     * must not cost the subscription its reconnect (it would stop for good, silently).
     */
    void retrying(HeraldException error) {
        try {
            listener.onError(error, false);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "listener failed on error; the subscription retries anyway", e);
        }
    }
}
