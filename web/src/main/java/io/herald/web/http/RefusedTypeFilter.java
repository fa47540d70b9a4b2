package io.herald.web.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.util.List;

/**
 * A request whose {@code Accept} gives every type its resource produces a {@code q} of 0 is
 * refused with 406, as RFC 9110 (12.5.1) reads such a weight: not acceptable. Jersey matched the
 * resource anyway ({@code Accept: text/event-stream;q=0} opened a stream, {@code application/json;q=0}
 * got JSON), and the direct lane, which reads the weight, gave such a request to the resources.
 * The most specific range that matches decides ({@code text/event-stream;q=0, *}{@code /*} refuses
 * the stream; {@code text/*;q=0, text/event-stream} does not). An {@code Accept} this does not read
 * plainly is left to Jersey, which refuses what it cannot parse with 400.
 */
@Provider
@Priority(Priorities.AUTHENTICATION - 100) // before authentication, where Jersey's own 406 (no type matches) comes
public class RefusedTypeFilter implements ContainerRequestFilter {

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        String accept = request.getHeaderString(HttpHeaders.ACCEPT);
        if (accept != null && refusesEvery(accept, DeclaredTypes.of(resource))) {
            throw new NotAcceptableException();
        }
    }

    /** Whether {@code accept} refuses each of the concrete {@code declaredTypes} ({@link DeclaredTypes}); false for none. */
    static boolean refusesEvery(String accept, List<String> declaredTypes) {
        if (accept == null || declaredTypes.isEmpty()) {
            return false;
        }
        for (String declared : declaredTypes) {
            MediaRange ours = MediaRange.of(declared);
            if (ours.type().equals("*") || ours.subtype().equals("*")) {
                return false; // a resource that produces a range chooses for itself
            }
            if (MediaRange.negotiate(accept, ours) != MediaRange.Negotiation.REFUSED) {
                return false;
            }
        }
        return true;
    }
}
