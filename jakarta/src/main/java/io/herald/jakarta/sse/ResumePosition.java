package io.herald.jakarta.sse;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.BadRequestException;
import java.util.OptionalLong;

/**
 * Where a sink registered during the current request resumes: its {@code Last-Event-ID} header, or a
 * {@code lastEventId} query parameter for clients that cannot set headers (as Herald's own streams).
 * Read from the request through the {@link HttpServletRequest} bean that Jakarta EE provides to CDI
 * in web applications: portable, and it needs nothing in the application's JAX-RS configuration. A
 * sink registered outside a request (no active request context) starts live.
 */
@ApplicationScoped
public class ResumePosition {

    static final String HEADER = "Last-Event-ID";
    static final String QUERY = "lastEventId";

    @Inject
    HttpServletRequest request;

    /**
     * The position to resume after, if the request gave one. As Herald's own streams: the header wins
     * over the query parameter, an empty header means none, and both are validated.
     *
     * @throws BadRequestException (400) when one is not a non-negative decimal integer
     */
    public OptionalLong current() {
        String header;
        String query;
        try {
            header = request.getHeader(HEADER);
            query = request.getParameter(QUERY);
        } catch (ContextNotActiveException | IllegalStateException outsideRequest) {
            return OptionalLong.empty();
        }
        OptionalLong fromHeader = parse(HEADER, header == null || header.isEmpty() ? null : header);
        OptionalLong fromQuery = parse(QUERY, query);
        return fromHeader.isPresent() ? fromHeader : fromQuery;
    }

    static OptionalLong parse(String source, String value) {
        if (value == null) {
            return OptionalLong.empty();
        }
        if (value.length() <= 19 && !value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            try {
                return OptionalLong.of(Long.parseLong(value));
            } catch (NumberFormatException tooLarge) {
                // falls through to the refusal below
            }
        }
        throw new BadRequestException(source + " must be a non-negative decimal integer event id");
    }
}
