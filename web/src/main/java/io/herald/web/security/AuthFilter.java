package io.herald.web.security;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import java.util.List;

/**
 * Authentication and authorization of every matched API request, by the {@code topic} it names:
 * <ul>
 *   <li><b>publish</b> (any method but GET/HEAD/OPTIONS on {@code /topics/{topic}/...}): a bearer
 *       token in the {@code Authorization} header whose {@code herald.publish} claim matches the
 *       topic. Only the header: a cookie would let other sites publish through a visitor's browser
 *       (CSRF), a query parameter would leak the token into logs.</li>
 *   <li><b>read</b> (GET/HEAD of a topic's stream, poll, history or info, and every {@code topic}
 *       of {@code /stream?topic=..}): open, unless a topic is private
 *       ({@code herald.auth.private-topics}); then a token whose {@code herald.subscribe} claim
 *       matches it, from the {@code Authorization} header, else the {@code access_token} query
 *       parameter, else the {@code access_token} cookie (the first one present is used). A token
 *       sent for a public topic is ignored.</li>
 * </ul>
 * No or bad token: 401 with {@code WWW-Authenticate: Bearer}; valid token without the topic: 403.
 * In development mode ({@code herald.auth.dev-mode=true}) nothing is checked.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
@ApplicationScoped
public class AuthFilter implements ContainerRequestFilter {

    /**
     * Request property ({@link java.time.Instant}) set on a read of private topics: when its token
     * stops being accepted. A stream opened by such a read ends then, so access ends with the
     * token; the client's reconnect needs a fresh one.
     */
    public static final String READ_VALID_UNTIL = "io.herald.read-valid-until";

    /** Query parameter and cookie name for a token on a read (EventSource cannot set headers). */
    public static final String ACCESS_TOKEN = "access_token";

    private static final String TOPIC = "topic";

    @Inject
    HeraldAuth auth;

    @Inject
    AuthFailures failures;

    @Override
    public void filter(ContainerRequestContext request) {
        if (auth.devMode()) {
            return;
        }
        String method = request.getMethod();
        MultivaluedMap<String, String> path = request.getUriInfo().getPathParameters();
        String topic = path.getFirst(TOPIC);
        boolean read = HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method);
        if (topic != null && !read && !HttpMethod.OPTIONS.equals(method)) {
            authorizePublish(request, topic);
        } else if (read && auth.hasPrivateTopics()) {
            List<String> topics = topic != null ? List.of(topic) : streamTopics(request);
            authorizeRead(request, topics);
        }
    }

    /** The topics of {@code /stream?topic=..}; empty for any other path. */
    private static List<String> streamTopics(ContainerRequestContext request) {
        String p = request.getUriInfo().getPath();
        if (p.startsWith("/")) {
            p = p.substring(1);
        }
        if (!"stream".equals(p) && !"stream/".equals(p)) {
            return List.of();
        }
        List<String> topics = request.getUriInfo().getQueryParameters().get(TOPIC);
        return topics == null ? List.of() : topics;
    }

    private void authorizePublish(ContainerRequestContext request, String topic) {
        Grants grants = verify(request, headerToken(request));
        if (grants != null && !grants.mayPublish(topic)) {
            refuse(request, "forbidden-topic", null,
                    "The token does not allow publishing to topic '" + topic + "' (claim " + Grants.PUBLISH_CLAIM + ")");
        }
    }

    private void authorizeRead(ContainerRequestContext request, List<String> topics) {
        Grants grants = null;
        for (String topic : topics) {
            if (!auth.isPrivate(topic)) {
                continue;
            }
            if (grants == null) {
                grants = verify(request, readToken(request));
                if (grants == null) {
                    return; // refused
                }
            }
            if (!grants.maySubscribe(topic)) {
                refuse(request, "forbidden-topic", null, "The token does not allow subscribing to private topic '"
                        + topic + "' (claim " + Grants.SUBSCRIBE_CLAIM + ")");
                return;
            }
        }
        if (grants != null) {
            request.setProperty(READ_VALID_UNTIL, grants.validUntil());
        }
    }

    /** The token's grants, or null after aborting the request with 401. */
    private Grants verify(ContainerRequestContext request, String token) {
        try {
            return auth.verifier().verify(token);
        } catch (TokenRejectedException e) {
            refuse(request, e.reason(), e, null);
            return null;
        }
    }

    private void refuse(ContainerRequestContext request, String reason, TokenRejectedException rejected, String forbidden) {
        failures.record(reason, request.getMethod(), request.getUriInfo().getPath());
        request.abortWith(rejected != null ? AuthProblems.unauthorized(rejected) : AuthProblems.forbidden(forbidden));
    }

    /** The token of {@code Authorization: Bearer <token>}; null when absent or another scheme. */
    static String headerToken(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            return null;
        }
        String value = header.strip();
        if (value.length() > 7 && value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return value.substring(7).strip();
        }
        return null;
    }

    /** Header, else {@code ?access_token=}, else the {@code access_token} cookie. */
    private static String readToken(ContainerRequestContext request) {
        if (request.getHeaderString(HttpHeaders.AUTHORIZATION) != null) {
            return headerToken(request);
        }
        String query = request.getUriInfo().getQueryParameters().getFirst(ACCESS_TOKEN);
        if (query != null) {
            return query;
        }
        Cookie cookie = request.getCookies().get(ACCESS_TOKEN);
        return cookie == null ? null : cookie.getValue();
    }
}
