/**
 * The direct lane: plain {@code GET}s of a public topic's stream or poll answered below the servlet
 * container where it allows ({@link io.herald.web.container.ContainerSupport#openDirectLane}),
 * with the same checks and the same answers as the JAX-RS resources, which serve everything the
 * lane declines.
 */
package io.herald.web.direct;
