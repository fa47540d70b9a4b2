package io.herald.web.http;

import io.herald.web.container.Containers;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.function.IntConsumer;

/**
 * Gives every status Herald's API sets its standard reason phrase ({@link ReasonPhrases}) in the
 * status line. Servlet 6 has no way to set a phrase, and Grizzly writes the one it knows for the
 * code, {@code CUSTOM} for 429; so whenever the status is set, the phrase is set on Grizzly's
 * response too, which keeps it when the status is written. On containers other than Payara's
 * Grizzly the response is passed on unchanged.
 *
 * <p>Mapped in {@code web.xml} after the stream handoff filter (which needs the container's own
 * response, not a wrapper) and before JAX-RS.
 */
public class ReasonPhraseFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        IntConsumer phrase = phraseSetter(response);
        chain.doFilter(request, phrase == null ? response : new Wrapper(response, phrase));
    }

    /**
     * Sets the standard phrase of a status on the container's response; null if it cannot be
     * reached. The container's types stay behind {@link Containers}: a servlet filter's own
     * methods are introspected by every container (for injection), so none of them may name a
     * class that only Payara has.
     */
    private static IntConsumer phraseSetter(HttpServletResponse response) {
        return Containers.current().reasonPhrases(response, ReasonPhrases::of);
    }

    /** Passes every status on and then names it. */
    private static final class Wrapper extends HttpServletResponseWrapper {
        private final IntConsumer phrase;

        Wrapper(HttpServletResponse response, IntConsumer phrase) {
            super(response);
            this.phrase = phrase;
        }

        @Override
        public void setStatus(int status) {
            super.setStatus(status);
            phrase.accept(status);
        }

        @Override
        public void sendError(int status) throws IOException {
            super.sendError(status);
            phrase.accept(status);
        }

        @Override
        public void sendError(int status, String message) throws IOException {
            super.sendError(status, message);
            phrase.accept(status);
        }
    }
}
