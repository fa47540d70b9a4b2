/**
 * HTTP details below JAX-RS that every response shares: the status line's reason phrase.
 */
package io.herald.web.http;
