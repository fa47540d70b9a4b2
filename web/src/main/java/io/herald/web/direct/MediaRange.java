package io.herald.web.direct;

import java.util.Locale;

/**
 * A media range of an {@code Accept} header ({@code type/subtype}, either part possibly {@code *}),
 * as far as the direct lane reads one: enough to tell which range applies to a resource's one
 * media type and whether its {@code q} refuses it.
 *
 * @param type    lower case, or {@code *}
 * @param subtype lower case, or {@code *}
 */
record MediaRange(String type, String subtype) {

    /** A range with its weight: {@code refuses} when its {@code q} is 0. */
    record Weighted(MediaRange range, boolean refuses) {
    }

    /**
     * How specifically this range matches the concrete type {@code ours}: 3 for the same type, 2
     * for {@code type/*}, 1 for {@code * /*}, 0 for no match.
     */
    int specificityFor(MediaRange ours) {
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
    boolean isAlone(String accept) {
        int slash = type.length();
        return accept.length() == slash + 1 + subtype.length() && accept.charAt(slash) == '/'
                && accept.regionMatches(true, 0, type, 0, slash)
                && accept.regionMatches(true, slash + 1, subtype, 0, subtype.length());
    }

    /** One element of an {@code Accept} header, or null if it is not a plain media range. */
    static Weighted parse(String element) {
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
