/**
 * Who may do what: bearer-token verification (Nimbus JOSE+JWT), the grants a token carries, the
 * authorization of every matched resource method by the topics JAX-RS resolved for it
 * ({@link io.herald.web.security.TopicAccess}, {@link io.herald.web.security.AuthFilter}), and
 * CORS. Authorization never looks at the raw request path.
 */
package io.herald.web.security;
