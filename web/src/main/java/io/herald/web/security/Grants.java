package io.herald.web.security;

import com.nimbusds.jwt.JWTClaimsSet;
import io.herald.core.time.Saturating;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * What a verified token allows: the topics it may publish to (claim {@code herald.publish}) and
 * the private topics it may read (claim {@code herald.subscribe}). Each claim is a JSON array of
 * topic patterns ({@link TopicPatterns}: names, {@code prefix*}, {@code *}) or one string of
 * space-separated patterns; a missing claim allows nothing.
 *
 * @param subject    the token's {@code sub}, for logs only (may be null)
 * @param validUntil when the token stops being accepted: its {@code exp} plus the allowed clock
 *                   skew; a stream opened with it ends then
 */
public record Grants(String subject, TopicPatterns publish, TopicPatterns subscribe, Instant validUntil) {

    /** Claim listing the topics the holder may publish to. */
    public static final String PUBLISH_CLAIM = "herald.publish";

    /** Claim listing the private topics the holder may subscribe to (stream, poll, history, info). */
    public static final String SUBSCRIBE_CLAIM = "herald.subscribe";

    static Grants of(JWTClaimsSet claims, Duration clockSkew) throws TokenRejectedException {
        return new Grants(claims.getSubject(), patterns(claims, PUBLISH_CLAIM), patterns(claims, SUBSCRIBE_CLAIM),
                Saturating.plus(claims.getExpirationTime().toInstant(), clockSkew)); // exp: the verifier refuses a token without one
    }

    private static TopicPatterns patterns(JWTClaimsSet claims, String name) throws TokenRejectedException {
        Object value = claims.getClaim(name);
        if (value == null) {
            return TopicPatterns.none();
        }
        if (value instanceof String s) {
            return TopicPatterns.of(Arrays.asList(s.split(" ")));
        }
        if (value instanceof Collection<?> items) {
            List<String> entries = new java.util.ArrayList<>(items.size());
            for (Object item : items) {
                if (!(item instanceof String s)) {
                    throw new TokenRejectedException("bad-claims", "Claim " + name + " must list topic names as strings");
                }
                entries.add(s);
            }
            return TopicPatterns.of(entries);
        }
        throw new TokenRejectedException("bad-claims", "Claim " + name + " must be an array of topic names");
    }

    public boolean mayPublish(String topic) {
        return publish.matches(topic);
    }

    public boolean maySubscribe(String topic) {
        return subscribe.matches(topic);
    }
}
