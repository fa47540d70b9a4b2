package io.herald.jakarta.publish;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Finds the server's {@link TransactionSynchronizationRegistry} under its standard JNDI name
 * ({@value #JNDI_NAME}, which every Jakarta EE server binds for web components). Looked up, not
 * injected with {@code @Resource}, so that a runtime without JTA (a servlet container with CDI)
 * still deploys Herald: there every publish goes out at once, and that is logged once.
 */
@ApplicationScoped
public class Transactions {

    static final String JNDI_NAME = "java:comp/TransactionSynchronizationRegistry";
    private static final Logger LOG = Logger.getLogger(Transactions.class.getName());

    private volatile TransactionSynchronizationRegistry registry;
    private volatile boolean absent;

    /** The registry, or {@code null} when the runtime has none. */
    public TransactionSynchronizationRegistry registry() {
        TransactionSynchronizationRegistry found = registry;
        if (found != null || absent) {
            return found;
        }
        try {
            found = (TransactionSynchronizationRegistry) new InitialContext().lookup(JNDI_NAME);
            registry = found;
            return found;
        } catch (NamingException | ClassCastException e) {
            absent = true;
            LOG.warning("no " + JNDI_NAME + " (" + e + "): Herald publishes at once, without waiting for transactions");
            return null;
        }
    }
}
