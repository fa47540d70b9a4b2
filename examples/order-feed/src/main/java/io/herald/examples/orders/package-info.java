/**
 * The order feed: orders saved with JPA ({@link io.herald.examples.orders.PlacedOrder}) by a
 * transactional service that publishes each one after its commit ({@link io.herald.examples.orders.OrderService}),
 * and a resource that streams the feed to browsers through the standard {@code SseBroadcaster}
 * backed by Herald ({@link io.herald.examples.orders.OrderResource}, {@link io.herald.examples.orders.OrderFeed}).
 */
package io.herald.examples.orders;
