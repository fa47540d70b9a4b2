package io.herald.jakarta.sse;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.enterprise.util.Nonbinding;
import jakarta.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Names the Herald topic behind an injected {@link jakarta.ws.rs.sse.SseBroadcaster}:
 * {@code @Inject @HeraldTopic("orders") SseBroadcaster orders;}. Every injection point naming the same
 * topic gets the same broadcaster (see {@link TopicBroadcasters}).
 */
@Qualifier
@Documented
@Retention(RUNTIME)
@Target({FIELD, PARAMETER, METHOD})
public @interface HeraldTopic {

    /** The topic: 1-128 characters of {@code [A-Za-z0-9._~-]}, not {@code .} or {@code ..} ({@code io.herald.api.Topic}). */
    @Nonbinding
    String value();
}
