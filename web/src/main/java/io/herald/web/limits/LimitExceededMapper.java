package io.herald.web.limits;

import io.herald.api.LimitExceededException;
import io.herald.web.ops.HeraldMetrics;
import io.herald.web.problem.Problem;
import io.herald.web.problem.RetryAfter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A configured limit was reached: 429 for a client's own limit, 503 for the server's, both as
 * problem+json with {@code Retry-After} ({@link RetryAfter}), and counted in
 * the {@code herald.limit.rejections} metric by limit.
 */
@Provider
@ApplicationScoped
public class LimitExceededMapper implements ExceptionMapper<LimitExceededException> {

    @Inject
    RetryAfter retryAfter;

    @Inject
    HeraldMetrics metrics;

    @Override
    public Response toResponse(LimitExceededException exception) {
        metrics.limitRejected(exception.key());
        return toResponse(exception, retryAfter);
    }

    /** The response for {@code exception}, without side effects (unit tests). */
    public static Response toResponse(LimitExceededException exception, RetryAfter retryAfter) {
        boolean client = exception.scope() == LimitExceededException.Scope.CLIENT;
        Problem problem = client
                ? new Problem("urn:herald:problem:too-many-requests", "Too Many Requests", 429, exception.getMessage())
                : new Problem("urn:herald:problem:server-limit", "Service Unavailable", 503, exception.getMessage());
        return retryAfter.addTo(Response.fromResponse(problem.toResponse()))
                .header("Herald-Limit", exception.key())
                .build();
    }
}
