/**
 * The hub: {@code Broadcaster} implements {@link io.herald.api.Hub} (the one bean of that type),
 * validates what comes in, publishes through the transport and composes one class per job:
 * {@code SubscriberPlaces} (admission, with {@code Admission} one place), {@code StreamSubscriptions}
 * (streams, each a {@code Mailbox}: one subscriber's ordered, bounded outbox with the
 * replay-to-live watermark), {@code LongPolls} (waiting polls, each a {@code LongPoll}, with their
 * timers), {@code Replay} (merged histories), {@code DeliveryPool} (the threads that write to
 * subscribers, and their watchdog) and {@code HubShutdown}. The transport's feed comes in at one
 * method and goes down from there; nothing here calls back into the transport from the feed.
 * Nothing here knows which transport runs or speaks HTTP.
 */
package io.herald.core.broadcast;
