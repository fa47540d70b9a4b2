/**
 * Where events live and travel: the {@code Transport} seam (ids, bounded histories, the feed to
 * each node's hub in id order, gaps signalled; input trusted, validated by the hub),
 * {@code OrderedFeed} (the one-way, lock-free-of-the-transport hand-off of that feed), and the
 * producer that picks the in-memory or the Redis implementation from the configuration. Nothing
 * above this package knows which one runs, and nothing here calls into the hub except through
 * {@code Transport.Listener}.
 */
package io.herald.core.transport;
