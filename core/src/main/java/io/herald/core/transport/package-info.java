/**
 * Where events live and travel: the {@code Transport} seam (ids, bounded histories, delivery to
 * every node in id order, gaps signalled), and the producer that picks the in-memory or the Redis
 * implementation from the configuration. Nothing above this package knows which one runs.
 */
package io.herald.core.transport;
