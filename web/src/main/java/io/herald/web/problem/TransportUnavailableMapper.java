package io.herald.web.problem;

import io.herald.api.HubUnavailableException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The event store is down (e.g. Redis): 503 with {@code Retry-After}, since retrying may work. */
@Provider
public class TransportUnavailableMapper implements ExceptionMapper<HubUnavailableException> {

    private static final Logger LOG = Logger.getLogger(TransportUnavailableMapper.class.getName());

    /** Seconds a client should wait before retrying. */
    static final int RETRY_AFTER_SECONDS = 5;

    @Override
    public Response toResponse(HubUnavailableException exception) {
        // the message (redacted by the transport) says what failed; a stack trace per refused request
        // would bury the log while the store is down, and says nothing more about an outage
        LOG.log(Level.WARNING, "Transport unavailable: {0}", exception.getMessage());
        Problem problem = new Problem("urn:herald:problem:transport-unavailable", "Service Unavailable", 503,
                "Events cannot be stored or read right now; retry later");
        return Response.fromResponse(problem.toResponse())
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .build();
    }
}
