/**
 * Payara's container internals (Catalina's response facade over Grizzly): {@code GrizzlyContainer},
 * the {@code ContainerSupport} found through {@code META-INF/services}, and what it uses: direct
 * chunk writes to the connection ({@code GrizzlyChunkChannel}), taking an answered stream's
 * connection over ({@code GrizzlyConnectionTakeover}), reading a waiting poll's connection to see
 * its client close ({@code GrizzlyDisconnectWatch}), the reading chain both give a connection
 * ({@code GrizzlyDiscardingReads}), status phrases ({@code GrizzlyStatusLines}),
 * the way from a servlet response to Grizzly's ({@code GrizzlyResponses}), and the direct lane:
 * {@code GrizzlyFrontDoor} in place of Grizzly's server filter, opened and closed by
 * {@code GrizzlyDirectLanes}, answering through Grizzly's codec ({@code GrizzlyDirectExchange});
 * the door also refuses paths Grizzly's URI decoder fails on and serves an upgrade request the
 * listener cannot take as plain HTTP/1.1, for every method.
 *
 * <p>The only package that names a Grizzly type, and the only one that names this package's
 * classes: everything else goes through {@code io.herald.web.container}, so other containers
 * never load a class from here. No JAX-RS resource, provider or servlet filter lives here (WildFly
 * introspects filter classes, and their signatures must not name what it lacks).
 */
package io.herald.web.container.grizzly;
