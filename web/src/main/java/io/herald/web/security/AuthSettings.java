package io.herald.web.security;

import io.herald.web.settings.ConfigValues;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * How tokens are verified and which topics need one to be read.
 *
 * @param devMode           authentication off: anyone may publish, private topics are open; logged
 *                          loudly at start-up, for local development only ({@code herald.auth.dev-mode}, default false)
 * @param secret            HS256 key, its UTF-8 bytes, at least 32 bytes ({@code herald.auth.jwt.secret}, default unset)
 * @param publicKey         PEM public key or certificate verifying RS256 / ES256 tokens
 *                          ({@code herald.auth.jwt.public-key}, default unset)
 * @param publicKeyLocation a file holding that PEM instead ({@code herald.auth.jwt.public-key-location}, default unset)
 * @param issuer            when set, a token's {@code iss} must equal it ({@code herald.auth.jwt.issuer})
 * @param audience          when set, a token's {@code aud} must contain it ({@code herald.auth.jwt.audience})
 * @param clockSkew         tolerance on {@code exp} / {@code nbf} ({@code herald.auth.jwt.clock-skew-seconds},
 *                          default 30; a negative value is ignored)
 * @param privateTopics     topic names and {@code prefix*} patterns whose reads need a
 *                          {@code herald.subscribe} token ({@code herald.auth.private-topics}, comma list, default none)
 */
public record AuthSettings(boolean devMode, Optional<String> secret, Optional<String> publicKey,
                           Optional<String> publicKeyLocation, Optional<String> issuer, Optional<String> audience,
                           Duration clockSkew, List<String> privateTopics) {

    public AuthSettings {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(publicKeyLocation, "publicKeyLocation");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(clockSkew, "clockSkew");
        privateTopics = List.copyOf(privateTopics);
    }

    /** The keys {@code herald.auth.*}. */
    public static AuthSettings from(Config c) {
        return new AuthSettings(c.getOptionalValue("herald.auth.dev-mode", Boolean.class).orElse(false),
                ConfigValues.text(c, "herald.auth.jwt.secret"),
                ConfigValues.text(c, "herald.auth.jwt.public-key"),
                ConfigValues.text(c, "herald.auth.jwt.public-key-location"),
                ConfigValues.text(c, "herald.auth.jwt.issuer"),
                ConfigValues.text(c, "herald.auth.jwt.audience"),
                Duration.ofSeconds(ConfigValues.nonNegative(c, "herald.auth.jwt.clock-skew-seconds", 30)),
                ConfigValues.list(c, "herald.auth.private-topics"));
    }

    /** Without the secret: a record's own toString would print it. */
    @Override
    public String toString() {
        return "AuthSettings[devMode=" + devMode + ", secret=" + (secret.isPresent() ? "(set)" : "(unset)")
                + ", publicKey=" + (publicKey.isPresent() ? "(set)" : "(unset)")
                + ", publicKeyLocation=" + publicKeyLocation.orElse("(unset)") + ", issuer=" + issuer.orElse("(unset)")
                + ", audience=" + audience.orElse("(unset)") + ", clockSkew=" + clockSkew
                + ", privateTopics=" + privateTopics + "]";
    }
}
