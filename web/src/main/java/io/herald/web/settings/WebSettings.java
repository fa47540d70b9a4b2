package io.herald.web.settings;

import io.herald.web.direct.DirectLaneSettings;
import io.herald.web.events.PublishSettings;
import io.herald.web.limits.LimitSettings;
import io.herald.web.poll.PollSettings;
import io.herald.web.problem.RetryAfter;
import io.herald.web.security.AuthSettings;
import io.herald.web.security.CorsSettings;
import io.herald.web.stream.StreamSettings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Reads every web settings record from MicroProfile Config (system properties, environment,
 * {@code META-INF/microprofile-config.properties}) once, when the application starts, so a bad
 * value fails the deployment with a message naming its key rather than the first request that
 * needs it; then hands each record to whoever injects it. Each record's {@code from(Config)} is
 * the only code that reads its keys.
 */
@ApplicationScoped
public class WebSettings {

    private StreamSettings stream;
    private PollSettings poll;
    private PublishSettings publish;
    private LimitSettings limits;
    private AuthSettings auth;
    private CorsSettings cors;
    private RetryAfter retryAfter;
    private DirectLaneSettings directLane;

    @PostConstruct
    void load() {
        Config c = ConfigProvider.getConfig();
        stream = StreamSettings.from(c);
        poll = PollSettings.from(c);
        publish = PublishSettings.from(c);
        limits = LimitSettings.from(c);
        auth = AuthSettings.from(c);
        cors = CorsSettings.from(c);
        retryAfter = RetryAfter.from(c);
        directLane = DirectLaneSettings.from(c);
    }

    /** Reads the settings as the application starts (observing this makes the bean eager). */
    void validateAtStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // nothing to do: being notified creates the bean, whose @PostConstruct reads and checks every key
    }

    // Records are final, so they cannot be proxied: each is produced @Dependent, the same immutable
    // instance every time.

    @Produces
    @Dependent
    StreamSettings stream() {
        return stream;
    }

    @Produces
    @Dependent
    PollSettings poll() {
        return poll;
    }

    @Produces
    @Dependent
    PublishSettings publish() {
        return publish;
    }

    @Produces
    @Dependent
    LimitSettings limits() {
        return limits;
    }

    @Produces
    @Dependent
    AuthSettings auth() {
        return auth;
    }

    @Produces
    @Dependent
    CorsSettings cors() {
        return cors;
    }

    @Produces
    @Dependent
    RetryAfter retryAfter() {
        return retryAfter;
    }

    @Produces
    @Dependent
    DirectLaneSettings directLane() {
        return directLane;
    }
}
