package io.herald.api;

/**
 * The rule for topic names: 1 to {@value #MAX_LENGTH} characters of {@code [A-Za-z0-9._~-]},
 * the URL-safe unreserved set, so a name can sit in a path segment unescaped; but not {@code .} or
 * {@code ..}, which URL normalization (RFC 3986 dot segments) removes from a path in browsers, curl
 * and proxies, so no ordinary client could address such a topic by its URL.
 */
public final class Topic {

    /** Longest accepted topic name, in characters. */
    public static final int MAX_LENGTH = 128;

    private Topic() {
    }

    /** Whether {@code name} is a valid topic name. */
    public static boolean isValid(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_LENGTH || isDotSegment(name)) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '~' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDotSegment(String name) {
        return name.equals(".") || name.equals("..");
    }

    /** Returns {@code name}, or throws {@link IllegalArgumentException} if it is not valid. */
    public static String requireValid(String name) {
        if (!isValid(name)) {
            throw new IllegalArgumentException(
                    "topic name must be 1-" + MAX_LENGTH + " characters of [A-Za-z0-9._~-], not . or ..");
        }
        return name;
    }
}
