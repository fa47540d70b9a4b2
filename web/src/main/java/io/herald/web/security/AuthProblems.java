package io.herald.web.security;

import io.herald.web.problem.Problem;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * The 401 and 403 responses: problem+json plus an RFC 6750 {@code WWW-Authenticate: Bearer}
 * challenge ({@code error="invalid_token"} for a token that was presented but rejected,
 * {@code error="insufficient_scope"} for a valid token that does not list the topic).
 */
final class AuthProblems {

    static final String REALM = "herald";

    private AuthProblems() {
    }

    static Response unauthorized(TokenRejectedException rejected) {
        String challenge = "missing-token".equals(rejected.reason())
                ? "Bearer realm=\"" + REALM + "\""
                : "Bearer realm=\"" + REALM + "\", error=\"invalid_token\", error_description=\""
                        + quoted(rejected.getMessage()) + "\"";
        Problem problem = new Problem("urn:herald:problem:unauthorized", "Unauthorized", 401, rejected.getMessage());
        return Response.fromResponse(problem.toResponse())
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge)
                .build();
    }

    static Response forbidden(String detail) {
        String challenge = "Bearer realm=\"" + REALM + "\", error=\"insufficient_scope\", error_description=\""
                + quoted(detail) + "\"";
        Problem problem = new Problem("urn:herald:problem:forbidden-topic", "Forbidden", 403, detail);
        return Response.fromResponse(problem.toResponse())
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge)
                .build();
    }

    /** RFC 6750 error_description: printable ASCII without {@code "} and {@code \}. */
    private static String quoted(String text) {
        return text.replaceAll("[^\\x20-\\x7E]|[\"\\\\]", "'");
    }
}
