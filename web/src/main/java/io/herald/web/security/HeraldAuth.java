package io.herald.web.security;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * Herald's authentication settings, built once from {@link AuthSettings}: development mode, the
 * token verifier and the private topics. Logs at start-up what it is doing: a loud warning in
 * development mode, a warning when no token key is configured (publishing then always gets 401).
 * A configuration that cannot work (short secret, unreadable key file) fails the deployment.
 */
@ApplicationScoped
public class HeraldAuth {

    private static final Logger LOG = Logger.getLogger(HeraldAuth.class.getName());

    @Inject
    AuthSettings config;

    private boolean devMode;
    private TokenVerifier verifier;
    private TopicPatterns privateTopics;

    @PostConstruct
    void load() {
        devMode = config.devMode();
        String pem = config.publicKey().orElse(null);
        if (pem == null && config.publicKeyLocation().isPresent()) {
            Path file = Path.of(config.publicKeyLocation().get());
            try {
                pem = Files.readString(file, StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new UncheckedIOException("herald.auth.jwt.public-key-location: cannot read " + file, e);
            }
        }
        VerificationKeys keys = VerificationKeys.of(config.secret().orElse(null), pem);
        verifier = new TokenVerifier(keys, config.issuer().orElse(null),
                config.audience().orElse(null), config.clockSkew());
        privateTopics = TopicPatterns.of(config.privateTopics());
    }

    /** Logs the security set-up when the application starts (observing this makes the bean eager). */
    void announce(@Observes @Initialized(ApplicationScoped.class) Object started) {
        if (devMode) {
            LOG.warning(String.join(System.lineSeparator(), "",
                    "****************************************************************************",
                    "***  HERALD IS IN DEVELOPMENT MODE: AUTHENTICATION IS OFF                 ***",
                    "***  herald.auth.dev-mode=true: ANYONE who can reach this server may       ***",
                    "***  publish to ANY topic, and private topics are readable without token. ***",
                    "***  Never expose this server to other people or to the internet.         ***",
                    "***  Remove herald.auth.dev-mode (or set it to false) in production.      ***",
                    "****************************************************************************"
                    + (privateTopics.isEmpty() ? "" : System.lineSeparator()
                    + "herald.auth.private-topics (" + privateTopics + ") is NOT enforced in development mode")));
            return;
        }
        if (!verifier.hasKeys()) {
            LOG.warning("Herald auth: no token key is configured (herald.auth.jwt.secret, herald.auth.jwt.public-key"
                    + " or herald.auth.jwt.public-key-location): every publish is refused with 401"
                    + (privateTopics.isEmpty() ? "" : " and private topics " + privateTopics + " cannot be read")
                    + ". For local development only, set herald.auth.dev-mode=true.");
        } else {
            LOG.info("Herald auth: publishing needs a bearer token (claim " + Grants.PUBLISH_CLAIM + ")"
                    + (privateTopics.isEmpty() ? "; every topic is public to subscribers"
                    : "; private topics " + privateTopics + " need claim " + Grants.SUBSCRIBE_CLAIM));
        }
    }

    /** True when authentication is off ({@code herald.auth.dev-mode=true}). */
    public boolean devMode() {
        return devMode;
    }

    public TokenVerifier verifier() {
        return verifier;
    }

    public boolean isPrivate(String topic) {
        return privateTopics.matches(topic);
    }

    public boolean hasPrivateTopics() {
        return !privateTopics.isEmpty();
    }
}
