package io.herald.web.input;

/**
 * Whether a request value is a plain run of ASCII decimal digits, as numbers are written on the
 * wire: no sign, no spaces, and none of the other scripts' digits that {@link Character#isDigit}
 * and {@link Long#parseLong} accept. A loop rather than a regular expression because every
 * long-poll and resuming stream checks one or two such values, and a matcher per check showed in
 * what a poll allocates ({@code bench/PROFILE.md}).
 */
public final class DecimalDigits {

    private DecimalDigits() {
    }

    /** Whether {@code raw} is 1 to {@code maxDigits} characters, each of them {@code 0}-{@code 9}. */
    public static boolean matches(String raw, int maxDigits) {
        int length = raw.length();
        if (length == 0 || length > maxDigits) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = raw.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
