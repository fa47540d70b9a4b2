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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One reading of {@code Accept} on every container. A header that is not a list of media ranges
 * ({@link MediaRange#parseAccept}, the grammar the direct lane negotiates with) is answered 400
 * with a problem body here; one that is reaches JAX-RS rewritten, when it has to be, in the form
 * every runtime reads alike ({@link MediaRange.Weighted#canonical}, one header). Left to
 * themselves the runtimes disagreed: RESTEasy (WildFly, Open Liberty) failed on {@code q=x} while
 * matching a resource (a 500) and refused a quoted parameter that holds a comma with the
 * container's HTML 400 page, while Jersey refused {@code q=1.0000} and a leading empty element
 * (400) and took {@code garbage} for a type it does not produce (406). An {@code Accept-Language}
 * whose weights do not read is kept from the runtime ({@link #hasReadableWeights}). Mapped in
 * {@code web.xml} on every path, before JAX-RS.
 */
public class AcceptSyntaxFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final String ACCEPT = "Accept";
    private static final String ACCEPT_LANGUAGE = "Accept-Language";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        // nothing is allocated for a request whose headers the runtime reads as sent (nearly all)
        Map<String, String> replaced = null;
        String accept = joined(request.getHeaders(ACCEPT));
        if (accept != null) {
            List<MediaRange.Weighted> ranges = MediaRange.parseAccept(accept);
            if (ranges == null) {
                problem().writeTo(response);
                return;
            }
            String canonical = ranges.stream().map(MediaRange.Weighted::canonical).collect(Collectors.joining(","));
            if (!canonical.equals(accept)) {
                replaced = new HashMap<>(2);
                replaced.put(ACCEPT, canonical.isEmpty() ? null : canonical);
            }
        }
        String languages = joined(request.getHeaders(ACCEPT_LANGUAGE));
        if (languages != null && !hasReadableWeights(languages)) {
            replaced = replaced == null ? new HashMap<>(2) : replaced;
            replaced.put(ACCEPT_LANGUAGE, null);
        }
        chain.doFilter(replaced == null ? request : new RuntimeHeaders(request, replaced), response);
    }

    /**
     * Whether every {@code q} of a list such as {@code Accept-Language} is a qvalue (0 to 1, at most
     * three decimals, or the legacy {@code .5}). Herald serves no language but its own, so an
     * {@code Accept-Language} is a preference it may disregard (RFC 9110 12.5.4); one whose weights
     * do not read is kept from the runtime, which otherwise judged it its own way (RESTEasy with its
     * container's HTML 400, Jersey not at all).
     */
    static boolean hasReadableWeights(String list) {
        for (String element : list.split(",", -1)) {
            String[] parameters = element.split(";", -1);
            for (int i = 1; i < parameters.length; i++) {
                String parameter = parameters[i].strip();
                int eq = parameter.indexOf('=');
                if (eq > 0 && parameter.substring(0, eq).strip().equalsIgnoreCase("q")
                        && MediaRange.weight(parameter.substring(eq + 1).strip()) == null) {
                    return false;
                }
            }
        }
        return true;
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

    /** The request with some headers replaced (a null value: absent); every other header as sent. */
    static final class RuntimeHeaders extends HttpServletRequestWrapper {
        private final Map<String, String> replaced = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

        RuntimeHeaders(HttpServletRequest request, Map<String, String> replaced) {
            super(request);
            this.replaced.putAll(replaced);
        }

        @Override
        public String getHeader(String name) {
            return replaced.containsKey(name) ? replaced.get(name) : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            if (!replaced.containsKey(name)) {
                return super.getHeaders(name);
            }
            String value = replaced.get(name);
            return Collections.enumeration(value == null ? List.of() : List.of(value));
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = Collections.list(super.getHeaderNames());
            names.removeIf(name -> replaced.containsKey(name) && replaced.get(name) == null);
            return Collections.enumeration(names);
        }
    }
}
