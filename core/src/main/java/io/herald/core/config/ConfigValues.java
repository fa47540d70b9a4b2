package io.herald.core.config;

import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/** How core's settings records read a key: a value out of range fails start-up with a message naming the key. */
public final class ConfigValues {

    private ConfigValues() {
    }

    /** An int of at least 1, else {@code fallback} when unset. */
    public static int positive(Config c, String key, int fallback) {
        return atLeast(c, key, fallback, 1);
    }

    /** An int of at least {@code min}, else {@code fallback} when unset. */
    public static int atLeast(Config c, String key, int fallback, int min) {
        int value = c.getOptionalValue(key, Integer.class).orElse(fallback);
        if (value < min) {
            throw new IllegalArgumentException(key + " must be at least " + min + ", was " + value);
        }
        return value;
    }

    /** A long of at least 1, else {@code fallback} when unset. */
    public static long positiveLong(Config c, String key, long fallback) {
        long value = c.getOptionalValue(key, Long.class).orElse(fallback);
        if (value < 1) {
            throw new IllegalArgumentException(key + " must be at least 1, was " + value);
        }
        return value;
    }

    /** The string, or {@code fallback} when unset. */
    public static String string(Config c, String key, String fallback) {
        return c.getOptionalValue(key, String.class).orElse(fallback);
    }

    /** Present only when set. */
    public static Optional<String> optional(Config c, String key) {
        return c.getOptionalValue(key, String.class);
    }
}
