/**
 * Time arithmetic that saturates instead of overflowing: durations and instants that come from
 * clients (token {@code exp}/{@code nbf}, timeouts) or configuration may be far beyond what a
 * {@code long} of nanoseconds holds, and must never turn into an exception on a request path.
 */
package io.herald.core.time;
