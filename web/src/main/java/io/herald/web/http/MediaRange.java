package io.herald.web.http;

import java.util.Locale;

/**
 * A media range of an {@code Accept} header ({@code type/subtype}, either part possibly {@code *}),
 * as far as Herald reads one: enough to tell which range applies to a resource's media type and
 * whether its {@code q} refuses it. The direct lane negotiates with it, and the resources' refusal
 * of a {@code q} of 0 ({@link RefusedTypeFilter}) reads it the same way.
 *
 * @param type    lower case, or {@code *}
 * @param subtype lower case, or {@code *}
 */
public record MediaRange(String type, String subtype) {

    /** A range with its weight: {@code refuses} when its {@code q} is 0. */
    public record Weighted(MediaRange range, boolean refuses) {
    }

    /** What an {@code Accept} header says of one concrete type. */
    public enum Negotiation {
        /** The type may be sent (no header, or the most specific range that matches it has a {@code q} above 0). */
        ACCEPTED,
        /** No range matches the type, or the most specific one that does has a {@code q} of 0. */
        REFUSED,
        /** Some element is not a plain media range with a valid {@code q}: not read here. */
        UNREADABLE
    }

    /** The concrete type {@code type/subtype} of a declaration such as {@code text/event-stream}, parameters dropped. */
    public static MediaRange of(String declared) {
        String name = declared.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        int slash = name.indexOf('/');
        return new MediaRange(name.substring(0, slash), name.substring(slash + 1));
    }

    /**
     * What {@code accept} (null: absent) says of the concrete type {@code ours}, as RFC 9110
     * (12.5.1) reads it: the most specific range that matches decides, and a {@code q} of 0 means
     * not acceptable.
     */
    public static Negotiation negotiate(String accept, MediaRange ours) {
        if (accept == null || ours.isAlone(accept)) {
            return Negotiation.ACCEPTED;
        }
        int bestSpecificity = 0;
        boolean bestRefuses = false;
        for (String element : accept.split(",", -1)) {
            Weighted range = parse(element);
            if (range == null) {
                return Negotiation.UNREADABLE;
            }
            int specificity = range.range().specificityFor(ours);
            if (specificity > bestSpecificity) {
                bestSpecificity = specificity;
                bestRefuses = range.refuses();
            }
        }
        return bestSpecificity > 0 && !bestRefuses ? Negotiation.ACCEPTED : Negotiation.REFUSED;
    }

    /**
     * How specifically this range matches the concrete type {@code ours}: 3 for the same type, 2
     * for {@code type/*}, 1 for {@code * /*}, 0 for no match.
     */
    public int specificityFor(MediaRange ours) {
        if (type.equals("*")) {
            return subtype.equals("*") ? 1 : 0;
        }
        if (!type.equals(ours.type)) {
            return 0;
        }
        if (subtype.equals("*")) {
            return 2;
        }
        return subtype.equals(ours.subtype) ? 3 : 0;
    }

    /**
     * Whether {@code accept} is this concrete type and nothing else (letter case aside), as
     * {@code EventSource} and most clients send it: then it is taken without parsing the header.
     */
    public boolean isAlone(String accept) {
        int slash = type.length();
        return accept.length() == slash + 1 + subtype.length() && accept.charAt(slash) == '/'
                && accept.regionMatches(true, 0, type, 0, slash)
                && accept.regionMatches(true, slash + 1, subtype, 0, subtype.length());
    }

    /** One element of an {@code Accept} header, or null if it is not a plain media range. */
    public static Weighted parse(String element) {
        String[] parts = element.split(";", -1);
        String name = parts[0].strip().toLowerCase(Locale.ROOT);
        int slash = name.indexOf('/');
        if (slash <= 0 || slash == name.length() - 1 || name.indexOf('/', slash + 1) >= 0 || !isToken(name.replace("/", ""))) {
            return null;
        }
        MediaRange range = new MediaRange(name.substring(0, slash), name.substring(slash + 1));
        if (range.type.equals("*") && !range.subtype.equals("*")) {
            return null;
        }
        boolean refuses = false;
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            int eq = parameter.indexOf('=');
            if (eq <= 0) {
                return null;
            }
            if (parameter.substring(0, eq).strip().equalsIgnoreCase("q")) {
                Double q = weight(parameter.substring(eq + 1).strip());
                if (q == null) {
                    return null;
                }
                refuses = q == 0;
            }
        }
        return new Weighted(range, refuses);
    }

    /** An RFC 9110 qvalue (0 to 1, at most three decimals), or null. */
    private static Double weight(String value) {
        if (!value.matches("0(\\.[0-9]{0,3})?|1(\\.0{0,3})?")) {
            return null;
        }
        return Double.valueOf(value);
    }

    private static boolean isToken(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128) && "!#$%&'*+-.^_`|~".indexOf(c) < 0) {
                return false;
            }
        }
        return !s.isEmpty();
    }
}
