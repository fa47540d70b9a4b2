/**
 * The container-neutral seam between Herald's HTTP code and the servlet container it runs in:
 * {@code ContainerSupport} (take an answered event stream's connection over and give a
 * {@code FrameChannel} to it, watch a waiting request's connection for the client's close, set
 * status phrases, open the direct lane, name its own listener), found once by {@code Containers},
 * with the portable answer as every default. {@code FrameChannel} is what a stream writes frames to, whoever
 * provides it; {@code DirectLane} and {@code DirectExchange} are the two sides of the direct lane
 * (requests answered below the container's servlet pipeline) in neutral terms, with
 * {@code DirectAnswer} the lane's whole answer to what the container cannot read, and
 * {@code DirectStreamChannel} a lane's stream until its head is written (which then goes out with
 * the frames written meanwhile).
 *
 * <p>No container type is named here, and no JAX-RS resource or provider lives here. Each
 * container's implementation lives in a subpackage of its own (Grizzly/Payara: {@code grizzly}),
 * listed in {@code META-INF/services}, and nothing outside that subpackage names it or its
 * container's classes ({@code ContainerBoundaryTest}).
 */
package io.herald.web.container;
