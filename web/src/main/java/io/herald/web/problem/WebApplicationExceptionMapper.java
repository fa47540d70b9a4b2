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
        Problem problem = new Problem("about:blank", title, status, detailOf(status, title));
        Response.ResponseBuilder builder = Response.fromResponse(original)
                .type(Problem.MEDIA_TYPE_VALUE)
                .entity(problem.toJson().toString());
        if (RetryAfter.appliesTo(status) && original.getHeaderString(HttpHeaders.RETRY_AFTER) == null) {
            retryAfter.addTo(builder);
        }
        return builder.build();
    }

    /**
     * The same detail on every server, in Jersey's words ({@code HTTP 405 Method Not Allowed}): the
     * runtime's own message is not shown. RESTEasy's carry its message codes and parts of the
     * request ("RESTEASY003210: Could not find resource for full path: http://..."), so the same
     * request got a different body on WildFly, and the client's text came back in it.
     */
    static String detailOf(int status, String title) {
        return status >= 500 ? title : "HTTP " + status + " " + title;
    }
}
