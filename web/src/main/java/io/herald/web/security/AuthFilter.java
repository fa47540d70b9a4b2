package io.herald.web.security;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Authentication and authorization of every matched API request, decided on the resource method
 * JAX-RS matched and the topics it resolved for that method ({@link TopicAccess}), never on the
 * raw path: matrix parameters, percent-encoding, dot segments or doubled slashes cannot make a
 * request reach one method while being checked as another.
 * <ul>
 *   <li><b>publish</b> ({@link TopicAccess.Kind#PUBLISH}): a bearer token in the
 *       {@code Authorization} header whose {@code herald.publish} claim matches every topic. Only
 *       the header: a cookie would let other sites publish through a visitor's browser (CSRF), a
 *       query parameter would leak the token into logs.</li>
 *   <li><b>read</b> ({@link TopicAccess.Kind#READ}: stream, poll, history, info, and every
 *       {@code topic} of {@code /stream?topic=..}): open, unless a topic is private
 *       ({@code herald.auth.private-topics}); then a token whose {@code herald.subscribe} claim
 *       matches it, from the {@code Authorization} header, else the {@code access_token} query
 *       parameter, else the {@code access_token} cookie (the first one present is used). A token
 *       sent for a public topic is ignored.</li>
 * </ul>
 * No or bad token: 401 with {@code WWW-Authenticate: Bearer}; valid token without the topic: 403.
 * A resource method with a topic parameter but no {@link TopicAccess} is refused (403): access is
 * never granted by omission. In development mode ({@code herald.auth.dev-mode=true}) nothing is
 * checked. What a read was granted reaches its resource as {@link ReadAuthorization}.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
@ApplicationScoped
public class AuthFilter implements ContainerRequestFilter {

    private static final Logger LOG = Logger.getLogger(AuthFilter.class.getName());

    /** Query parameter and cookie name for a token on a read (EventSource cannot set headers). */
    public static final String ACCESS_TOKEN = "access_token";

    /** The name of the path and query parameters that name topics. */
    static final String TOPIC = "topic";

    /** Per resource method: where its topics come from and what it does with them (computed once). */
    private final ConcurrentHashMap<Method, TopicRule> rules = new ConcurrentHashMap<>();

    @Inject
    HeraldAuth auth;

    @Inject
    AuthFailures failures;

    /** This request's; a read of private topics records here until when its token allows it. */
    @Inject
    ReadAuthorization read;

    @Context
    ResourceInfo matched;

    @Override
    public void filter(ContainerRequestContext request) {
        if (auth.devMode()) {
            return;
        }
        Method method = matched.getResourceMethod();
        if (method == null) {
            return; // nothing of Herald's matched (e.g. the runtime's own OPTIONS answer): no topic is read
        }
        TopicRule rule = rules.computeIfAbsent(method, TopicRule::of);
        if (rule.sources().isEmpty()) {
            return;
        }
        if (rule.kind() == TopicAccess.Kind.READ && !auth.hasPrivateTopics()) {
            return; // every read is open: the topics need not even be resolved (streams and polls come through here)
        }
        List<String> topics = rule.topics(request.getUriInfo());
        if (rule.kind() == null) {
            LOG.severe(() -> "Resource method " + method + " names topics but has no @TopicAccess: refused");
            refuse(request, "undeclared-access", null, "This endpoint does not declare its topic access");
        } else if (rule.kind() == TopicAccess.Kind.PUBLISH) {
            authorizePublish(request, topics);
        } else if (auth.hasPrivateTopics()) {
            authorizeRead(request, topics);
        }
    }

    /**
     * A resource method's topic parameters and declared access, read from its annotations once.
     *
     * @param kind    the declared access, or null if the method has topic parameters but no declaration
     * @param sources where its {@code topic} parameters come from (empty: the method names no topic)
     */
    record TopicRule(TopicAccess.Kind kind, Set<Source> sources) {

        /** Where a {@code topic} parameter is bound from. */
        enum Source { PATH, QUERY }

        static TopicRule of(Method method) {
            Set<Source> sources = EnumSet.noneOf(Source.class);
            for (Annotation[] annotations : method.getParameterAnnotations()) {
                for (Annotation a : annotations) {
                    if (a instanceof PathParam p && TOPIC.equals(p.value())) {
                        sources.add(Source.PATH);
                    } else if (a instanceof QueryParam q && TOPIC.equals(q.value())) {
                        sources.add(Source.QUERY);
                    }
                }
            }
            TopicAccess access = method.getAnnotation(TopicAccess.class);
            return new TopicRule(access == null ? null : access.value(), Set.copyOf(sources));
        }

        /** Every value JAX-RS resolved for the method's topic parameters (decoded, as the method gets them). */
        List<String> topics(UriInfo uri) {
            List<String> topics = new ArrayList<>();
            if (sources.contains(Source.PATH)) {
                List<String> path = uri.getPathParameters(true).get(TOPIC);
                if (path != null) {
                    topics.addAll(path);
                }
            }
            if (sources.contains(Source.QUERY)) {
                List<String> query = uri.getQueryParameters(true).get(TOPIC);
                if (query != null) {
                    topics.addAll(query);
                }
            }
            return topics;
        }
    }

    private void authorizePublish(ContainerRequestContext request, List<String> topics) {
        Grants grants = verify(request, headerToken(request));
        if (grants == null) {
            return; // refused
        }
        for (String topic : topics) {
            if (!grants.mayPublish(topic)) {
                refuse(request, "forbidden-topic", null, "The token does not allow publishing to topic '"
                        + topic + "' (claim " + Grants.PUBLISH_CLAIM + ")");
                return;
            }
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
            read.grantedUntil(grants.validUntil());
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
        return firstCookie(request.getHeaders().get(HttpHeaders.COOKIE), ACCESS_TOKEN);
    }

    /**
     * The value of the first cookie named {@code name} in the request's {@code Cookie} fields, or
     * null. The first, as for {@code ?access_token=}: a browser sends the cookie set for the longest
     * path first (RFC 6265 5.4), and the runtimes' cookie maps keep the last one (Jersey and
     * RESTEasy alike), so two {@code access_token} cookies read the stale one. A value may be
     * quoted (RFC 6265's cookie-value); {@code $Version} and the like are other names.
     */
    static String firstCookie(List<String> fields, String name) {
        if (fields == null) {
            return null;
        }
        for (String field : fields) {
            for (String pair : field.split("[;,]")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).strip().equals(name)) {
                    String value = pair.substring(eq + 1).strip();
                    return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                            ? value.substring(1, value.length() - 1) : value;
                }
            }
        }
        return null;
    }
}
