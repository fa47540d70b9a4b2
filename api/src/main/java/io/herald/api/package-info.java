/**
 * Herald's contracts, and nothing else: the event value ({@link io.herald.api.Event}), what a
 * topic name may be ({@link io.herald.api.Topic}), who receives events
 * ({@link io.herald.api.Subscriber}) and the handle of a registration
 * ({@link io.herald.api.Subscription}), publishing ({@link io.herald.api.Publisher}), the hub the
 * HTTP edge depends on ({@link io.herald.api.Hub}: places among subscribers, long-polls, status,
 * shutdown), the answers of history and topic reads, and the failures a hub user must tell apart
 * (limit reached, store unavailable, subscriber too slow). No implementation lives here: core and the web layer depend
 * on these types, never the other way round.
 */
package io.herald.api;
