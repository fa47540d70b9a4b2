package io.herald.web.security;

import io.herald.web.problem.Problem;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * CORS for the API ({@link CorsPolicy}): answers preflights ({@code OPTIONS} with {@code Origin}
 * and {@code Access-Control-Request-Method}) itself, before matching and before authentication,
 * with 204 for an allowed origin and 403 otherwise; adds the CORS response headers to every
 * response to an allowed origin, including event streams and error responses (so a script can
 * read a 401). Adds {@code Vary: Origin} whenever CORS is on.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 500)
@ApplicationScoped
public class CorsFilter implements ContainerRequestFilter, ContainerResponseFilter {

    static final String ORIGIN = "Origin";
    static final String REQUEST_METHOD = "Access-Control-Request-Method";
    static final String ALLOW_ORIGIN = "Access-Control-Allow-Origin";
    static final String ALLOW_CREDENTIALS = "Access-Control-Allow-Credentials";

    @Inject
    CorsSettings settings;

    private CorsPolicy policy;
    private String maxAge;

    @PostConstruct
    void load() {
        policy = new CorsPolicy(settings.allowedOrigins());
        maxAge = Long.toString(settings.maxAge().toSeconds());
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!policy.enabled() || !HttpMethod.OPTIONS.equals(request.getMethod())
                || request.getHeaderString(ORIGIN) == null || request.getHeaderString(REQUEST_METHOD) == null) {
            return;
        }
        if (policy.grant(request.getHeaderString(ORIGIN)) == CorsPolicy.Grant.NONE) {
            request.abortWith(new Problem("urn:herald:problem:cors-origin", "Forbidden", 403,
                    "This origin may not call Herald (herald.cors.allowed-origins)").toResponse());
            return;
        }
        request.abortWith(Response.noContent()
                .header("Access-Control-Allow-Methods", CorsPolicy.ALLOW_METHODS)
                .header("Access-Control-Allow-Headers", CorsPolicy.ALLOW_HEADERS)
                .header("Access-Control-Max-Age", maxAge)
                .build());
        // the response filter below adds Allow-Origin, credentials and Vary
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!policy.enabled()) {
            return;
        }
        MultivaluedMap<String, Object> headers = response.getHeaders();
        addVary(headers, HttpMethod.OPTIONS.equals(request.getMethod())
                ? "Origin, Access-Control-Request-Method, Access-Control-Request-Headers" : "Origin");
        if (policy.grant(request.getHeaderString(ORIGIN)) == CorsPolicy.Grant.ANY_ORIGIN) {
            headers.remove(ALLOW_CREDENTIALS);
        }
        policy.grantHeaders(request.getHeaderString(ORIGIN)).forEach(headers::putSingle);
    }

    private static void addVary(MultivaluedMap<String, Object> headers, String value) {
        Object existing = headers.getFirst("Vary");
        if (existing == null || existing.toString().isBlank()) {
            headers.putSingle("Vary", value);
        } else if (!existing.toString().contains("Origin")) {
            headers.putSingle("Vary", existing + ", " + value);
        }
    }
}
