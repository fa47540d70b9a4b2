package io.herald.library;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Which of Herald's endpoints an application that embeds Herald serves, from MicroProfile Config
 * ({@code herald.library.endpoints}, read here only): a comma list of {@link Endpoint} names.
 *
 * @param endpoints the endpoint groups served
 */
public record LibrarySettings(Set<Endpoint> endpoints) {

    /** Herald's endpoint groups, named by their paths. */
    public enum Endpoint {
        /** {@code GET topics/{t}/stream} and {@code GET stream?topic=..}. */
        STREAM,
        /** {@code GET topics/{t}/poll}. */
        POLL,
        /** {@code POST topics/{t}/events} (publish) and {@code GET topics/{t}/events} (history). */
        EVENTS,
        /** {@code GET topics/{t}}. */
        INFO
    }

    /**
     * The default: every endpoint. (Not the demo page: its files are the standalone WAR's, so a
     * library never serves it.)
     */
    public static final String DEFAULT = "stream,poll,events,info";

    public LibrarySettings {
        endpoints = Set.copyOf(endpoints);
    }

    public static LibrarySettings fromConfig() {
        String value = ConfigProvider.getConfig().getOptionalValue("herald.library.endpoints", String.class)
                .orElse(DEFAULT);
        return parse(value);
    }

    static LibrarySettings parse(String value) {
        Set<Endpoint> chosen = EnumSet.noneOf(Endpoint.class);
        Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(name -> {
            try {
                chosen.add(Endpoint.valueOf(name.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("herald.library.endpoints: unknown endpoint '" + name
                        + "' (known: stream, poll, events, info)", e);
            }
        });
        return new LibrarySettings(chosen);
    }
}
