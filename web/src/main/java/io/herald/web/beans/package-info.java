/**
 * How Herald's own application-scoped beans hold each other on the per-request path of streams
 * and long-polls ({@code ApplicationScopedInstances}): directly, not through client proxies.
 */
package io.herald.web.beans;
