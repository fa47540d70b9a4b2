package io.herald.web.problem;

import io.herald.web.http.ReasonPhrases;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * An error response JAX-RS produced without a body (Jersey's own refusals, such as an
 * {@code Accept} or {@code Content-Type} header it cannot parse, which no exception mapper sees)
 * gets a problem+json body like every other error, instead of the container's HTML error page;
 * a 429 or 503 among them gets Herald's one {@link RetryAfter} too.
 */
@Provider
@Priority(Priorities.USER)
@ApplicationScoped
public class ProblemBodyFilter implements ContainerResponseFilter {

    @Inject
    RetryAfter retryAfter;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        int status = response.getStatus();
        if (status < 400 || response.hasEntity() || HttpMethod.HEAD.equals(request.getMethod())) {
            return;
        }
        String phrase = ReasonPhrases.of(status);
        String title = phrase == null ? "Error" : phrase;
        Problem problem = new Problem("about:blank", title, status, status >= 500 ? "Unexpected server error"
                : "The request was refused (" + status + " " + title + "), e.g. a header that could not be parsed");
        response.setEntity(problem.toJson().toString(), null, Problem.MEDIA_TYPE_VALUE);
        if (RetryAfter.appliesTo(status) && !response.getHeaders().containsKey(HttpHeaders.RETRY_AFTER)) {
            response.getHeaders().putSingle(HttpHeaders.RETRY_AFTER, retryAfter.headerValue());
        }
    }
}
