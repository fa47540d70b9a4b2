package io.herald.web.http;

import io.herald.web.problem.Problem;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One reading of {@code Accept} on every container. A header that is not a list of media ranges
 * ({@link MediaRange#parseAccept}, the grammar the direct lane negotiates with) is answered 400
 * with a problem body here; one that is reaches JAX-RS rewritten, when it has to be, in the form
 * every runtime reads alike ({@link MediaRange.Weighted#canonical}, one header). Left to
 * themselves the runtimes disagreed: RESTEasy (WildFly, Open Liberty) failed on {@code q=x} while
 * matching a resource (a 500) and refused a quoted parameter that holds a comma with the
 * container's HTML 400 page, while Jersey refused {@code q=1.0000} and a leading empty element
 * (400) and took {@code garbage} for a type it does not produce (406). Mapped in {@code web.xml} on
 * every path, before JAX-RS.
 */
public class AcceptSyntaxFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final String ACCEPT = "Accept";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String accept = joined(request.getHeaders(ACCEPT));
        if (accept == null) {
            chain.doFilter(request, response);
            return;
        }
        List<MediaRange.Weighted> ranges = MediaRange.parseAccept(accept);
        if (ranges == null) {
            problem().writeTo(response);
            return;
        }
        String canonical = ranges.stream().map(MediaRange.Weighted::canonical).collect(Collectors.joining(","));
        chain.doFilter(canonical.equals(accept) ? request : new CanonicalAccept(request, canonical), response);
    }

    /** The request's {@code Accept} fields as one list (RFC 9110 5.3), or null when it has none. */
    static String joined(Enumeration<String> fields) {
        if (fields == null || !fields.hasMoreElements()) {
            return null;
        }
        String first = fields.nextElement();
        return fields.hasMoreElements() ? first + "," + String.join(",", Collections.list(fields)) : first;
    }

    static Problem problem() {
        return new Problem("urn:herald:problem:unreadable-accept", "Bad Request", 400,
                "The Accept header is not a list of media ranges (type/subtype, parameters name=value,"
                        + " q from 0 to 1 with at most three decimals)");
    }

    /** The request with its {@code Accept} replaced by the canonical one; none when that is empty (a blank header). */
    static final class CanonicalAccept extends HttpServletRequestWrapper {
        private final String accept;

        CanonicalAccept(HttpServletRequest request, String accept) {
            super(request);
            this.accept = accept.isEmpty() ? null : accept;
        }

        @Override
        public String getHeader(String name) {
            return ACCEPT.equalsIgnoreCase(name) ? accept : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            if (!ACCEPT.equalsIgnoreCase(name)) {
                return super.getHeaders(name);
            }
            return Collections.enumeration(accept == null ? List.of() : List.of(accept));
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = Collections.list(super.getHeaderNames());
            if (accept == null) {
                names.removeIf(ACCEPT::equalsIgnoreCase);
            }
            return Collections.enumeration(names);
        }
    }
}
