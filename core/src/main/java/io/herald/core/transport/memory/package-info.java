/**
 * The single-node transport: the id sequence and every topic's bounded history in this JVM
 * ({@code InMemoryTransport}, each topic's events in a {@code ReplayBuffer}); its feed goes up
 * through an {@code OrderedFeed}, outside its lock.
 */
package io.herald.core.transport.memory;
