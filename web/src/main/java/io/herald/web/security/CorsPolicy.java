package io.herald.web.security;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which browser origins may call Herald ({@code herald.cors.allowed-origins}). An origin listed
 * by name gets itself back in {@code Access-Control-Allow-Origin} with
 * {@code Access-Control-Allow-Credentials: true} (cookies and {@code Authorization} allowed, e.g.
 * {@code new EventSource(url, {withCredentials: true})}); with {@code *} in the list every other
 * origin gets {@code *} and no credentials, as the CORS rules demand. An empty list means CORS is
 * off: no CORS headers at all, so browsers allow same-origin use only.
 */
public final class CorsPolicy {

    /** Methods a preflight may ask for. */
    public static final String ALLOW_METHODS = "GET, POST, OPTIONS";
    /** Request headers a preflight may ask for. */
    public static final String ALLOW_HEADERS = "Authorization, Content-Type, Last-Event-ID";
    /** Response headers scripts on another origin may read. */
    public static final String EXPOSE_HEADERS = "Location, Herald-Missed, Retry-After";

    /** What an origin is allowed: nothing, anonymous ({@code *}), or itself with credentials. */
    public enum Grant { NONE, ANY_ORIGIN, WITH_CREDENTIALS }

    private final Set<String> origins;
    private final boolean wildcard;

    public CorsPolicy(List<String> allowedOrigins) {
        this.wildcard = allowedOrigins.contains("*");
        this.origins = allowedOrigins.stream().filter(o -> !"*".equals(o))
                .map(CorsPolicy::normalize).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * The CORS headers of an answer (not a preflight's) to a request from {@code origin} (null:
     * none sent): none while CORS is off; else {@code Vary: Origin} and what the origin is granted.
     * {@link CorsFilter} adds them to every JAX-RS answer; the direct lane to its own.
     */
    public Map<String, String> answerHeaders(String origin) {
        if (!enabled()) {
            return Map.of();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Vary", "Origin");
        headers.putAll(grantHeaders(origin));
        return headers;
    }

    /** What {@code origin} is granted, as headers ({@code Access-Control-Allow-*}, {@code -Expose-Headers}). */
    Map<String, String> grantHeaders(String origin) {
        return switch (grant(origin)) {
            case WITH_CREDENTIALS -> Map.of("Access-Control-Allow-Origin", origin,
                    "Access-Control-Allow-Credentials", "true",
                    "Access-Control-Expose-Headers", EXPOSE_HEADERS);
            case ANY_ORIGIN -> Map.of("Access-Control-Allow-Origin", "*",
                    "Access-Control-Expose-Headers", EXPOSE_HEADERS);
            case NONE -> Map.of(); // no CORS headers: the browser keeps the response from the script
        };
    }

    public boolean enabled() {
        return wildcard || !origins.isEmpty();
    }

    public Grant grant(String origin) {
        if (origin == null || origin.isBlank()) {
            return Grant.NONE;
        }
        if (origins.contains(normalize(origin))) {
            return Grant.WITH_CREDENTIALS;
        }
        return wildcard ? Grant.ANY_ORIGIN : Grant.NONE;
    }

    /** Origins are compared without a trailing slash, scheme and host case-insensitively. */
    private static String normalize(String origin) {
        String o = origin.strip();
        while (o.endsWith("/")) {
            o = o.substring(0, o.length() - 1);
        }
        return o.toLowerCase(Locale.ROOT);
    }
}
