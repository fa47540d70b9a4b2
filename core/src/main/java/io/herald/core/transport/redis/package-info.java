/**
 * The Redis transport, for several nodes: {@code RedisTransport} (publish, history, counts, life
 * cycle; its javadoc documents the keys and guarantees), {@code FeedReader} (the one reader thread
 * of the global stream per node, handing the feed up in id order and reporting gaps),
 * {@code CommandConnection} (the command connection, scripts by SHA, redacted failures),
 * {@code RedisScripts} (the Lua, each an atomic step), {@code RedisKeys} and {@code StreamEntries}
 * (key names, decoding), {@code RedisSettings} and {@code Redaction}. Nothing outside
 * {@code core.transport} names these classes.
 */
package io.herald.core.transport.redis;
