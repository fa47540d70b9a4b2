/**
 * Herald's contracts, and nothing else: the event value ({@link io.herald.api.Event}), what a
 * topic name may be ({@link io.herald.api.Topic}), who receives events
 * ({@link io.herald.api.Subscriber}) and the handle of a registration
 * ({@link io.herald.api.Subscription}), publishing ({@link io.herald.api.Publisher}), and the
 * answers of history and topic reads. No implementation lives here: core and the web layer depend
 * on these types, never the other way round.
 */
package io.herald.api;
