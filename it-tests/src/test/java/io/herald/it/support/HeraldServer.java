package io.herald.it.support;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;

/** One Herald server process the it-tests started (Payara Micro or WildFly), serving the WAR at {@code /}. */
public interface HeraldServer extends AutoCloseable {

    /** {@code http://127.0.0.1:PORT/}. */
    URI uri();

    default URL base() {
        try {
            return uri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the server logged so far. */
    String logText();

    /** A graceful stop (SIGTERM), killed if it takes too long. */
    @Override
    void close();
}
