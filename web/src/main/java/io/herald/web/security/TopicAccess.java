package io.herald.web.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares what a resource method does with the topics its {@code topic} parameters name
 * ({@code @PathParam("topic")} and {@code @QueryParam("topic")}), and so which grant a request
 * needs. {@link AuthFilter} decides on the method JAX-RS matched and on the parameter values
 * JAX-RS resolved for it, never on the request's path string: whatever form the path takes
 * (matrix parameters, percent-encoding, dot segments, slashes), the topics checked are the topics
 * the method is given. Every resource method with a topic parameter must carry this annotation;
 * one without it is refused.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface TopicAccess {

    /** What the method does with its topics. */
    Kind value();

    /** The two kinds of topic access. */
    enum Kind {
        /** Returns the topics' events or state: open, unless a topic is private (claim {@code herald.subscribe}). */
        READ,
        /** Adds events to the topics: always needs a token (claim {@code herald.publish}). */
        PUBLISH
    }
}
