/**
 * Publishing from any CDI bean of the application, aware of the JTA transaction it runs in: inject
 * {@link io.herald.jakarta.publish.HeraldPublisher} or fire a {@link io.herald.jakarta.publish.TopicEvent}.
 * Inside a transaction the events wait for its commit ({@link io.herald.jakarta.publish.AfterCommit},
 * an interposed synchronization) and are dropped on rollback; outside one they are published at once.
 */
package io.herald.jakarta.publish;
