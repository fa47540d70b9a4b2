package io.herald.web.http;

import java.util.ArrayList;
import java.util.List;
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

    /**
     * A range with its weight as the header gave it.
     *
     * @param q the {@code q} parameter's value in RFC form ({@code 0.5}; the legacy {@code .5} is
     *          read as {@code 0.5}), or null when the range has none (a weight of 1)
     */
    public record Weighted(MediaRange range, String q) {

        /** Whether the weight is 0: not acceptable. */
        public boolean refuses() {
            return q != null && Double.parseDouble(q) == 0;
        }

        /** {@code type/subtype} and the weight: what a JAX-RS runtime selects by, in the form each reads. */
        public String canonical() {
            String name = range.type + "/" + range.subtype;
            return q == null ? name : name + ";q=" + q;
        }
    }

    /** What an {@code Accept} header says of one concrete type. */
    public enum Negotiation {
        /** The type may be sent (no header, or the most specific range that matches it has a {@code q} above 0). */
        ACCEPTED,
        /** No range matches the type, or the most specific one that does has a {@code q} of 0. */
        REFUSED,
        /** The header is not a list of media ranges ({@link #parseAccept}). */
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
        List<Weighted> ranges = parseAccept(accept);
        if (ranges == null) {
            return Negotiation.UNREADABLE;
        }
        if (ranges.isEmpty()) {
            return Negotiation.ACCEPTED; // a blank header says nothing: as if absent
        }
        int bestSpecificity = 0;
        boolean bestRefuses = false;
        for (Weighted range : ranges) {
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

    /**
     * The media ranges of an {@code Accept} header value, in order, or null when it is not a list
     * of them. The grammar is RFC 9110's (12.5.1, lists as in 5.6.1): elements separated by commas,
     * empty ones skipped; {@code type/subtype}, {@code type/*} or {@code *}{@code /*}, tokens;
     * parameters {@code ;name=value} with a token or quoted-string value, empty ones skipped; at most
     * one {@code q}, a qvalue (0 to 1, at most three decimals). Read as well, because the JDK's
     * {@code HttpURLConnection} (and clients built on it) sends them by default: a lone {@code *}
     * for {@code *}{@code /*} and a weight without its leading zero ({@code q=.2}).
     */
    public static List<Weighted> parseAccept(String accept) {
        List<Weighted> ranges = new ArrayList<>();
        for (String element : split(accept, ',')) {
            if (element == null) {
                return null;
            }
            if (element.isBlank()) {
                continue;
            }
            Weighted range = parse(element);
            if (range == null) {
                return null;
            }
            ranges.add(range);
        }
        return ranges;
    }

    /** One non-empty element of an {@code Accept} header ({@link #parseAccept}), or null if it is not a media range. */
    static Weighted parse(String element) {
        List<String> parts = split(element, ';');
        if (parts.contains(null)) {
            return null;
        }
        String name = parts.get(0).strip().toLowerCase(Locale.ROOT);
        if (name.equals("*")) {
            name = "*/*";
        }
        int slash = name.indexOf('/');
        if (slash < 0 || !isToken(name.substring(0, slash)) || !isToken(name.substring(slash + 1))) {
            return null;
        }
        MediaRange range = new MediaRange(name.substring(0, slash), name.substring(slash + 1));
        if (range.type.equals("*") && !range.subtype.equals("*")) {
            return null;
        }
        String q = null;
        for (String parameter : parts.subList(1, parts.size())) {
            String p = parameter.strip();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq <= 0 || !isToken(p.substring(0, eq))) {
                return null;
            }
            String value = p.substring(eq + 1);
            if (p.substring(0, eq).equalsIgnoreCase("q")) {
                if (q != null) {
                    return null; // two weights: no one reading
                }
                q = weight(value);
                if (q == null) {
                    return null;
                }
            } else if (!isToken(value) && !isQuotedString(value)) {
                return null;
            }
        }
        return new Weighted(range, q);
    }

    /**
     * {@code text} cut at each {@code separator} outside quoted strings; a null entry (and nothing
     * after it) where a quoted string does not end or a character is not allowed in a field value.
     */
    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7F || c > 0xFF) {
                parts.add(null);
                return parts;
            }
            if (quoted && c == '\\') {
                i++; // a quoted pair
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == separator) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(quoted ? null : text.substring(start));
        return parts;
    }

    /** An RFC 9110 qvalue (0 to 1, at most three decimals, or the legacy {@code .5}), in RFC form; or null. */
    static String weight(String value) {
        if (value.matches("\\.[0-9]{1,3}")) {
            return "0" + value;
        }
        return value.matches("0(\\.[0-9]{0,3})?|1(\\.0{0,3})?") ? value : null;
    }

    /** A quoted-string: {@code "..."} whose backslashes each quote the character after them. */
    private static boolean isQuotedString(String s) {
        if (s.length() < 2 || s.charAt(0) != '"' || s.charAt(s.length() - 1) != '"') {
            return false;
        }
        for (int i = 1; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                if (++i == s.length() - 1) {
                    return false; // the closing quote was quoted
                }
            } else if (c == '"') {
                return false;
            }
        }
        return true;
    }

    private static boolean isToken(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c < 128 && Character.isLetterOrDigit(c)) && "!#$%&'*+-.^_`|~".indexOf(c) < 0) {
                return false;
            }
        }
        return !s.isEmpty();
    }
}
