/**
 * The single-node transport: the id sequence and every topic's bounded history in this JVM.
 */
package io.herald.core.transport.memory;
