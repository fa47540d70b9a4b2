package io.herald.web;

import io.herald.web.events.EventsResource;
import io.herald.web.http.DeclaredMediaTypeFilter;
import io.herald.web.http.RefusedTypeFilter;
import io.herald.web.limits.LimitExceededMapper;
import io.herald.web.poll.PollResource;
import io.herald.web.problem.ProblemBodyFilter;
import io.herald.web.problem.ProblemExceptionMapper;
import io.herald.web.problem.TransportUnavailableMapper;
import io.herald.web.problem.UnexpectedExceptionMapper;
import io.herald.web.problem.WebApplicationExceptionMapper;
import io.herald.web.security.AuthFilter;
import io.herald.web.security.CorsFilter;
import io.herald.web.site.DemoPageResource;
import io.herald.web.sse.SseFrameWriter;
import io.herald.web.stream.MultiTopicStreamResource;
import io.herald.web.stream.StreamHeadersFilter;
import io.herald.web.stream.TopicStreamResource;
import io.herald.web.topic.TopicResource;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import java.util.Set;

/**
 * The JAX-RS application, at the context root: {@code WEB-INF/web.xml} maps the servlet named
 * after this class to {@code /*}, the portable way that works with any JAX-RS implementation
 * (Jersey on Payara, RESTEasy on WildFly). The demo page is one of its resources
 * ({@link DemoPageResource}).
 *
 * <p>Classes are listed rather than scanned, so what is deployed is visible here.
 */
public class HeraldApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(
                TopicStreamResource.class,
                MultiTopicStreamResource.class,
                PollResource.class,
                EventsResource.class,
                TopicResource.class,
                SseFrameWriter.class,
                StreamHeadersFilter.class,
                DeclaredMediaTypeFilter.class,
                RefusedTypeFilter.class,
                CorsFilter.class,
                AuthFilter.class,
                ProblemExceptionMapper.class,
                ProblemBodyFilter.class,
                WebApplicationExceptionMapper.class,
                TransportUnavailableMapper.class,
                UnexpectedExceptionMapper.class,
                LimitExceededMapper.class,
                DemoPageResource.class);
    }

    /**
     * No resource uses Bean Validation: Jersey skips its per-request constraint lookups. No WADL:
     * Jersey would answer {@code OPTIONS} with an XML description of every resource and its Java
     * types (and build it per request); without it, {@code OPTIONS} gets the {@code Allow} header,
     * as other implementations answer it. Plain property keys, ignored by other implementations.
     */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.beanValidation.disable.server", true,
                "jersey.config.server.wadl.disableWadl", true);
    }
}
