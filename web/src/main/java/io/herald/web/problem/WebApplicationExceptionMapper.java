package io.herald.web.problem;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Gives the container's own rejections (unknown path 404, wrong method 405, unsupported media type
 * 415, not acceptable 406, ...) the same problem+json shape as ours, keeping status and headers
 * such as {@code Allow}; a 429 or 503 without {@code Retry-After} gets Herald's one {@link RetryAfter}.
 */
@Provider
@ApplicationScoped
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Inject
    RetryAfter retryAfter;

    public WebApplicationExceptionMapper() {
    }

    /** For unit tests. */
    WebApplicationExceptionMapper(RetryAfter retryAfter) {
        this.retryAfter = retryAfter;
    }

    @Override
    public Response toResponse(WebApplicationException exception) {
        Response original = exception.getResponse();
        int status = original.getStatus();
        if (status < 400) {
            return original; // redirects and the like are not problems
        }
        Response.StatusType statusInfo = original.getStatusInfo();
        String title = statusInfo.getReasonPhrase() == null ? "Error" : statusInfo.getReasonPhrase();
        Problem problem = new Problem("about:blank", title, status, detailOf(exception, status, title));
        Response.ResponseBuilder builder = Response.fromResponse(original)
                .type(Problem.MEDIA_TYPE_VALUE)
                .entity(problem.toJson().toString());
        if (RetryAfter.appliesTo(status) && original.getHeaderString(HttpHeaders.RETRY_AFTER) == null) {
            retryAfter.addTo(builder);
        }
        return builder.build();
    }

    /**
     * Jersey's messages for 4xx are safe to show (e.g. "HTTP 404 Not Found"); for 5xx only the
     * title is shown so nothing internal leaks.
     */
    private static String detailOf(WebApplicationException exception, int status, String title) {
        String message = exception.getMessage();
        if (status >= 500 || message == null || message.isBlank()) {
            return title;
        }
        return message;
    }
}
