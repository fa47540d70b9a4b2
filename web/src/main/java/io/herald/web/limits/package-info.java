/**
 * Per-client limits: who a request comes from (behind trusted proxies too), the per-client count
 * of open streams and waiting polls, and the problem answer of any refused limit.
 */
package io.herald.web.limits;
