/**
 * HTTP details every response shares: the status line's reason phrase (below JAX-RS), and a
 * {@code Content-Type} spelled as the resource declares it, whatever the client's {@code Accept}.
 */
package io.herald.web.http;
