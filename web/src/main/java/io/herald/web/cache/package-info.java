/**
 * Small caches keyed by event, so that what every subscriber of one event gets is rendered once.
 */
package io.herald.web.cache;
