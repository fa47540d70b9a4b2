/**
 * HTTP details every response shares: the status line's reason phrase (below JAX-RS), a
 * {@code Content-Type} spelled as the resource declares it, whatever the client's {@code Accept},
 * and the reading of {@code Accept} itself ({@code MediaRange}: the one grammar, which the edge
 * filter {@code AcceptSyntaxFilter} applies on every server before JAX-RS, the direct lane
 * negotiates with, and the 406 for a type weighted {@code q=0} reads), against the types a
 * resource declares ({@code DeclaredTypes}).
 */
package io.herald.web.http;
