/**
 * The hub: publishing through the transport and fanning each event out to this node's
 * subscribers. {@code Broadcaster} is the entry point; {@code Mailbox} is one subscriber's ordered,
 * bounded outbox (the replay-to-live watermark); {@code LongPoll} one waiting poll;
 * {@code DeliveryPool} the threads that write to subscribers; {@code Admission} one place among
 * the node's subscribers. Nothing here knows which transport runs or speaks HTTP.
 */
package io.herald.core.broadcast;
