/**
 * The standard {@link jakarta.ws.rs.sse.SseBroadcaster} backed by a Herald topic:
 * {@code @Inject @HeraldTopic("orders") SseBroadcaster orders;}. A registered sink is opened as one
 * of Herald's own event streams ({@link io.herald.jakarta.sse.SinkStreams} through
 * {@code io.herald.web.stream.SseStreams}: limits, replay from the request's {@code Last-Event-ID}
 * ({@link io.herald.jakarta.sse.ResumePosition}), keepalives, slow clients closed, the fast write
 * path after the handoff); {@code broadcast} publishes to the topic
 * ({@link io.herald.jakarta.sse.OutboundData}); {@link io.herald.jakarta.sse.HeraldSseFeature} lets
 * the application's JAX-RS runtime write Herald's frames.
 *
 * <p>Part of herald-library, not herald-jakarta: it runs on the web module's stream code, which
 * only herald-library carries. The package name is kept so that applications import it as before.
 */
package io.herald.jakarta.sse;
