package io.herald.core.transport.redis;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes the credentials of {@code herald.redis.uri} ({@code redis://user:password@host}) from
 * any text that may reach a log or a response: the one helper every message about Redis goes
 * through. It masks the user-info of every URI in the text, and also each credential of the
 * configured URI wherever it appears on its own (a client library's message may quote it).
 */
public final class Redaction {

    /** {@code scheme://user-info@}: up to the last {@code @} of the authority. */
    private static final Pattern USER_INFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^/\\s]*@");
    private static final String MASK = "****";
    /** Shorter credential parts are not replaced on their own: they would mask ordinary words. */
    private static final int MIN_SECRET = 4;

    private final List<String> secrets;

    private Redaction(List<String> secrets) {
        this.secrets = secrets;
    }

    /** For the credentials in {@code uri} (none if it has no user-info). */
    public static Redaction of(String uri) {
        List<String> secrets = new ArrayList<>();
        Matcher m = USER_INFO.matcher(uri == null ? "" : uri);
        if (m.lookingAt()) {
            String userInfo = uri.substring(m.end(1), m.end() - 1);
            addWithDecoded(secrets, userInfo);
            int colon = userInfo.indexOf(':');
            if (colon >= 0) {
                addWithDecoded(secrets, userInfo.substring(colon + 1)); // the password
                addWithDecoded(secrets, userInfo.substring(0, colon));  // the user name (ACL)
            }
        }
        secrets.sort(Comparator.comparingInt(String::length).reversed()); // longest first
        return new Redaction(List.copyOf(secrets));
    }

    private static void addWithDecoded(List<String> secrets, String part) {
        if (part.length() >= MIN_SECRET) {
            secrets.add(part);
        }
        try {
            String decoded = URLDecoder.decode(part, StandardCharsets.UTF_8);
            if (decoded.length() >= MIN_SECRET && !decoded.equals(part)) {
                secrets.add(decoded);
            }
        } catch (IllegalArgumentException notEncoded) {
            // used as written
        }
    }

    /** {@code text} without the user-info of any URI in it and without the configured credentials. */
    public String apply(String text) {
        if (text == null) {
            return null;
        }
        String out = USER_INFO.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK + "@"));
        for (String secret : secrets) {
            out = out.replace(secret, MASK);
        }
        return out;
    }

    /** {@code failure}'s {@code toString()} (class and message), redacted. */
    public String describe(Throwable failure) {
        return apply(String.valueOf(failure));
    }
}
