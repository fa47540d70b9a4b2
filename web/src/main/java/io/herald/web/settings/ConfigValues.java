package io.herald.web.settings;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * How the web settings records read a key: the same validation everywhere, so a bad value fails
 * start-up with a message naming the key. Core reads its own keys with the same rules (web does
 * not depend on core's configuration code).
 */
public final class ConfigValues {

    private ConfigValues() {
    }

    /** An int of at least 1, else {@code fallback} when unset. */
    public static int positive(Config c, String key, int fallback) {
        int value = c.getOptionalValue(key, Integer.class).orElse(fallback);
        if (value < 1) {
            throw new IllegalArgumentException(key + " must be at least 1, was " + value);
        }
        return value;
    }

    /** An int of at least 0, else {@code fallback} when unset. */
    public static int nonNegative(Config c, String key, int fallback) {
        int value = c.getOptionalValue(key, Integer.class).orElse(fallback);
        if (value < 0) {
            throw new IllegalArgumentException(key + " must be at least 0, was " + value);
        }
        return value;
    }

    /** Whole seconds of at least 1, else {@code fallbackSeconds} when unset. */
    public static Duration positiveSeconds(Config c, String key, int fallbackSeconds) {
        return Duration.ofSeconds(positive(c, key, fallbackSeconds));
    }

    /** A trimmed, non-empty string; empty when unset or blank. */
    public static Optional<String> text(Config c, String key) {
        return c.getOptionalValue(key, String.class).map(String::strip).filter(v -> !v.isEmpty());
    }

    /** A comma-separated list; blanks dropped. Read as one string so a value's commas are never escaped. */
    public static List<String> list(Config c, String key) {
        return text(c, key).map(v -> Arrays.stream(v.split(",")).map(String::strip).filter(e -> !e.isEmpty()).toList())
                .orElse(List.of());
    }
}
