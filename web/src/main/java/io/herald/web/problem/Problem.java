package io.herald.web.problem;

import io.herald.web.json.EventJson;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * An RFC 9457 problem detail, the body of every error response.
 *
 * @param type   a URI naming the kind of problem ({@code urn:herald:problem:*}, or {@code about:blank})
 * @param title  short, fixed summary of the kind of problem
 * @param status the HTTP status
 * @param detail what exactly was wrong with this request; never a stack trace
 */
public record Problem(String type, String title, int status, String detail) {

    /** The media type of problem bodies. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** Same, as a {@link MediaType}. */
    public static final MediaType MEDIA_TYPE_VALUE = MediaType.valueOf(MEDIA_TYPE);

    /** The body as JSON. */
    public JsonObject toJson() {
        return EventJson.JSON.createObjectBuilder()
                .add("type", type)
                .add("title", title)
                .add("status", status)
                .add("detail", detail)
                .build();
    }

    /** A response carrying this problem; the body is pre-serialised so no JSON provider is needed. */
    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE_VALUE).entity(toJson().toString()).build();
    }

    /** Answers {@code response} with this problem: for servlet filters, which answer before JAX-RS runs. */
    public void writeTo(HttpServletResponse response) throws IOException {
        byte[] body = toJson().toString().getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(MEDIA_TYPE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
