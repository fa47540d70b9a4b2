package io.herald.web.http;

import io.herald.web.problem.Problem;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.util.Collections;
import java.util.List;

/**
 * A {@code Content-Type} that is not a media type ({@code text/plain; charset=}, {@code a/b; c})
 * (or several Content-Type headers) is answered 415 with a problem body here. Jersey's servlet
 * layer parses that header before any JAX-RS filter or exception mapper runs and, when it cannot,
 * asks the container for its HTML 400 page. Parsed with JAX-RS's own {@link MediaType#valueOf},
 * the parser Jersey uses. Mapped in {@code web.xml} on the API paths, before JAX-RS.
 */
public class ContentTypeSyntaxFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!acceptable(Collections.list(request.getHeaders("Content-Type")))) {
            problem().writeTo(response);
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * None, or exactly one that parses: a request has one body of one type (RFC 9110 allows no
     * list here). Checked on every method, since Jersey reads the header of a GET as well.
     */
    static boolean acceptable(List<String> contentTypes) {
        return contentTypes.isEmpty() || contentTypes.size() == 1 && parses(contentTypes.get(0));
    }

    static boolean parses(String contentType) {
        try {
            MediaType.valueOf(contentType);
            return true;
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    static Problem problem() {
        return new Problem("urn:herald:problem:unsupported-media-type", "Unsupported Media Type", 415,
                "The Content-Type header is not one valid media type; send application/json or text/plain");
    }
}
