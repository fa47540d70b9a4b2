package io.herald.web.problem;

/**
 * Thrown by the endpoints for input they reject; {@link ProblemExceptionMapper} turns it into a
 * problem+json response. A plain exception (not a {@code WebApplicationException}) so there is one
 * way these are rendered.
 */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    /** 400 for a request parameter, header or body the client got wrong. */
    public static ProblemException badRequest(String slug, String title, String detail) {
        return new ProblemException(new Problem("urn:herald:problem:" + slug, title, 400, detail));
    }

    /** Any other 4xx with a Herald-specific problem type. */
    public static ProblemException of(int status, String slug, String title, String detail) {
        return new ProblemException(new Problem("urn:herald:problem:" + slug, title, status, detail));
    }
}
