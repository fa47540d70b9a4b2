package io.herald.web.problem;

import io.herald.api.HubUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The event store is down (e.g. Redis): 503 with {@link RetryAfter}, since retrying may work. */
@Provider
@ApplicationScoped
public class TransportUnavailableMapper implements ExceptionMapper<HubUnavailableException> {

    private static final Logger LOG = Logger.getLogger(TransportUnavailableMapper.class.getName());

    @Inject
    RetryAfter retryAfter;

    public TransportUnavailableMapper() {
    }

    /** For unit tests. */
    TransportUnavailableMapper(RetryAfter retryAfter) {
        this.retryAfter = retryAfter;
    }

    @Override
    public Response toResponse(HubUnavailableException exception) {
        // the message (redacted by the transport) says what failed; a stack trace per refused request
        // would bury the log while the store is down, and says nothing more about an outage
        LOG.log(Level.WARNING, "Transport unavailable: {0}", exception.getMessage());
        return toResponse(retryAfter);
    }

    /** The response, without logging (unit tests). */
    static Response toResponse(RetryAfter retryAfter) {
        Problem problem = new Problem("urn:herald:problem:transport-unavailable", "Service Unavailable", 503,
                "Events cannot be stored or read right now; retry later");
        return retryAfter.addTo(Response.fromResponse(problem.toResponse())).build();
    }
}
