/**
 * What operators see: health checks, metrics (only where the server has MicroProfile Metrics),
 * and the drain at shutdown.
 */
package io.herald.web.ops;
