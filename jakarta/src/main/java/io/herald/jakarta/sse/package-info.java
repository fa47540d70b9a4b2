/**
 * The standard {@link jakarta.ws.rs.sse.SseBroadcaster} backed by a Herald topic:
 * {@code @Inject @HeraldTopic("orders") SseBroadcaster orders;}. A registered sink is a subscriber of
 * the topic ({@link io.herald.jakarta.sse.SinkStream}) resuming from the request's
 * {@code Last-Event-ID} ({@link io.herald.jakarta.sse.ResumePosition}); events are written with the
 * JAX-RS runtime's own {@link jakarta.ws.rs.sse.Sse} ({@link io.herald.jakarta.sse.SseCapture}) by
 * writer threads of this package ({@link io.herald.jakarta.sse.SinkWriters}), never by Herald's
 * delivery threads; {@code broadcast} publishes to the topic ({@link io.herald.jakarta.sse.OutboundData}).
 */
package io.herald.jakarta.sse;
