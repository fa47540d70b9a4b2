/**
 * The cluster transport on Redis (Lettuce): one Lua script per publish, per-topic history
 * streams, one cluster-wide stream read by every node, its settings, and the redaction of
 * credentials from everything it logs or throws.
 */
package io.herald.core.transport.redis;
