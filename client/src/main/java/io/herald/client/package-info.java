/**
 * Java client for Herald: {@link io.herald.client.HeraldClient} publishes, reads history and topic
 * info, and keeps subscriptions that resume from the last event id after every drop, fall back to
 * long-poll when a stream cannot be had (or a proxy buffers it), and return to streaming later,
 * delivering one id-ordered sequence without gap or duplicate. JAX-RS Client API with Jersey as the
 * implementation; JSON-P (Parsson) for JSON.
 */
package io.herald.client;
