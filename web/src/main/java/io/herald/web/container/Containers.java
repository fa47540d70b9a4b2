package io.herald.web.container;

import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Finds this container's {@link ContainerSupport} once, with one log line naming it: the first
 * implementation listed in {@code META-INF/services/io.herald.web.container.ContainerSupport}
 * that can be created here, or the portable one.
 *
 * <p>Why a service lookup rather than a reference: an implementation names its container's
 * classes (Grizzly's, on Payara), which other containers do not have. WildFly introspects servlet
 * filter classes and Jersey or RESTEasy scan resources, so no class that they may load names one;
 * only the implementation does, and it is loaded here alone. Its constructor refuses where its
 * container's classes are not visible, and the portable path is taken.
 */
public final class Containers {

    private static final Logger LOG = Logger.getLogger(Containers.class.getName());

    /** What every container can do: nothing beyond the servlet API and JAX-RS. */
    static final ContainerSupport PORTABLE = () -> "portable";

    private Containers() {
    }

    /** This container's support; the first call looks it up and logs which one it is. */
    public static ContainerSupport current() {
        return Found.SUPPORT;
    }

    /** Holder: looked up on first use (the stream filter's {@code init}), once per application. */
    private static final class Found {
        static final ContainerSupport SUPPORT = find();
    }

    private static ContainerSupport find() {
        StringBuilder refused = new StringBuilder();
        try {
            for (ServiceLoader.Provider<ContainerSupport> provider
                    : ServiceLoader.load(ContainerSupport.class, Containers.class.getClassLoader()).stream().toList()) {
                try {
                    ContainerSupport support = provider.get();
                    LOG.info("container support: " + support.name() + " (streams may take connections over,"
                            + " waiting polls are watched for a client's close)");
                    return support;
                } catch (ServiceConfigurationError | LinkageError unavailable) {
                    refused.append("; ").append(provider.type().getSimpleName()).append(" not usable here: ")
                            .append(rootMessage(unavailable));
                }
            }
        } catch (ServiceConfigurationError | LinkageError broken) {
            LOG.log(Level.FINE, "looking up container support failed", broken);
            refused.append("; lookup failed: ").append(rootMessage(broken));
        }
        LOG.info("container support: " + PORTABLE.name() + " (servlet API and JAX-RS only)" + refused);
        return PORTABLE;
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (cause instanceof ClassNotFoundException || cause instanceof NoClassDefFoundError) {
            // the expected case on every other container: said plainly, so that a log search for
            // class-loading errors finds real ones only
            return "its container's classes are not on this server (" + cause.getMessage() + ")";
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
