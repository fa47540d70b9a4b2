package io.herald.core.broadcast;

import io.herald.api.SubscriberPlace;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One place among the server's subscribers ({@code herald.limit.subscribers}), taken with
 * {@link Broadcaster#reservePlace()} before a response is committed and handed to
 * {@link Broadcaster#subscribe(SubscriberPlace, java.util.Set, java.util.OptionalLong, io.herald.api.Subscriber)}.
 * From then on the subscription owns it and gives it back when it ends. {@link #release()} gives
 * it back if it was never used; releasing twice is harmless, so no slot is ever counted twice.
 */
public final class Admission implements SubscriberPlace {

    private final Runnable onRelease;
    private final AtomicBoolean released = new AtomicBoolean();
    private final AtomicBoolean used = new AtomicBoolean();

    Admission(Runnable onRelease) {
        this.onRelease = onRelease;
    }

    @Override
    public void release() {
        if (released.compareAndSet(false, true)) {
            onRelease.run();
        }
    }

    /** Marks it as owned by a subscription; an admission serves one subscription only. */
    void use() {
        if (!used.compareAndSet(false, true) || released.get()) {
            throw new IllegalStateException("admission already used or released");
        }
    }
}
