/**
 * The demo page and its assets, served by the JAX-RS application itself: it is mapped at the
 * context root ({@code /*}), the one mapping every JAX-RS implementation resolves resource paths
 * against the same way, so the container's default servlet never sees a request.
 */
package io.herald.web.site;
