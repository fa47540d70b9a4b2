/**
 * Event streams: the JAX-RS stream resources, SSE framing ({@code SseFrame}, built once per event),
 * each stream's life ({@code SseStream}: keepalives, expiry, ending), and the channels frames are
 * written to after JAX-RS answered. The {@code Grizzly*} classes are Payara's container internals
 * (direct chunk writes, connection takeover, disconnect watch, status lines): only they name
 * Grizzly types, and they are loaded only where Grizzly is found, so other servers never load them.
 */
package io.herald.web.stream;
