/**
 * {@code /topics/{topic}/poll}: the long-poll endpoint, answered through {@code AsyncResponse}
 * without holding a thread, and its timeout parameter.
 */
package io.herald.web.poll;
