/**
 * Event streams: the JAX-RS stream resources, opening a stream ({@code SseStreams}: limits,
 * {@code retry:}, subscribing), each stream's life ({@code SseStream}: keepalives and probes,
 * expiry, a client that went or fell behind, ending), the shared keepalive timer, and the handoff
 * from JAX-RS's {@code SseEventSink} to a channel of the stream's own once JAX-RS has answered
 * ({@code StreamHandoff}, {@code StreamHandoffFilter}), with the responses the runtime writes a
 * stream's head and a {@code HEAD}'s answer through ({@code StreamOpeningResponse},
 * {@code HeadOfStreamResponse}).
 *
 * <p>Not here: how frames are encoded ({@code io.herald.web.sse}) and anything that names a
 * container's classes; the connection-level channel comes from {@code io.herald.web.container},
 * which this package asks without knowing which container answers.
 */
package io.herald.web.stream;
