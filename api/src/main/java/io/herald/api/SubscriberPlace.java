package io.herald.api;

/**
 * One place among a node's subscribers, taken with {@link Hub#reservePlace()} before a response is
 * committed and handed to {@link Hub#subscribe(SubscriberPlace, java.util.Set, java.util.OptionalLong, Subscriber)},
 * which owns it from then on. {@link #release()} gives back a place that was never used; releasing
 * twice is harmless, so no place is ever counted twice.
 */
public interface SubscriberPlace {

    /** Gives the place back; only the first call counts. */
    void release();
}
