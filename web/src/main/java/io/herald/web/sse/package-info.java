/**
 * SSE framing: how an event, a {@code retry:} hint, a comment or a reset becomes the bytes of one
 * SSE message ({@code SseFrame}, built once per event and shared by every stream,
 * {@code EventFrames}), already framed as an HTTP/1.1 chunk, and the JAX-RS writer that puts those
 * bytes on an {@code SseEventSink} unchanged ({@code SseFrameWriter}).
 *
 * <p>Only bytes live here: no stream life cycle, no connection, no container type. The public
 * surface ({@code SseFrame}'s factories, {@code writeMessage}, {@code messageLength},
 * {@code chunkBytes}, {@code chunkOf}) is all that streams and container code may use.
 */
package io.herald.web.sse;
