/**
 * Java client for Herald: {@link io.herald.client.HeraldClient} publishes, reads history and topic
 * info, and keeps subscriptions that resume from the last event id after every drop, fall back to
 * long-poll when a stream cannot be had (or a proxy buffers it), and return to streaming later,
 * delivering one id-ordered sequence without gap or duplicate. JAX-RS Client API with Jersey as the
 * implementation; JSON-P (Parsson) for JSON.
 *
 * <p>Public: {@code HeraldClient} (and its builder), {@code Subscription}, {@code HeraldListener},
 * the values {@code ReceivedEvent}, {@code History}, {@code Backoff}, and the exceptions. The rest
 * is package-private, one concern each:
 * <ul>
 *   <li>talking to the server: {@code HeraldHttp} (JAX-RS client, bearer token with one retry
 *       after a 401, via {@code TokenCache}), {@code HeraldEndpoints} (publish, history, info,
 *       long-poll, open a stream), {@code ServerAnswers} (status, problem+json, Herald's headers),
 *       {@code WireJson} (the JSON bodies), {@code SseReader} (the event stream format);</li>
 *   <li>a subscription: {@code StreamingSubscription} (the state machine and its epochs),
 *       {@code StreamAttempt} (one stream, or a probe while polling), {@code TopicPollLoop} (the
 *       long-poll fallback of one topic), {@code SeveralTopicMerge} (merging several topics' polls by
 *       id), {@code OrderedDelivery} (the position and the no-duplicate rule),
 *       {@code ReconnectPolicy} (end, reconnect after a backoff, or poll), {@code GuardedListener},
 *       {@code OpenStreams} (responses to release on close);</li>
 *   <li>the client's resources: {@code ClientSettings}, {@code ClientThreads} (reading executor and
 *       timer).</li>
 * </ul>
 */
package io.herald.client;
