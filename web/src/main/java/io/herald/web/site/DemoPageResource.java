package io.herald.web.site;

import jakarta.servlet.ServletContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;

/**
 * Serves the WAR's top-level static files ({@code index.html} at {@code /}, {@code demo.css},
 * {@code demo.js}) from the servlet context.
 *
 * <p>Why here and not the default servlet: JAX-RS resolves resource paths against its servlet
 * mapping, and Jersey (Payara) and RESTEasy (WildFly) only agree on a root base for {@code /*};
 * a mapping such as {@code /topics/*} would make {@code /topics} the base. Mapped at {@code /*},
 * the application answers every path of the context, these files included. Only single-segment
 * names of known types are served, so nothing under {@code WEB-INF} or {@code META-INF} can be
 * asked for; anything else is a 404 problem like any unknown path.
 */
@Path("/")
public class DemoPageResource {

    /** Types of the files served; anything else is not a demo asset. */
    private static final String ASSET = "[A-Za-z0-9_-]+\\.(html|css|js|png|svg|ico)";

    @Context
    ServletContext servletContext;

    @GET
    public Response index() {
        return file("index.html");
    }

    @GET
    @Path("{file: " + ASSET + "}")
    public Response asset(@PathParam("file") String file) {
        return file(file);
    }

    private Response file(String name) {
        InputStream in = servletContext.getResourceAsStream("/" + name);
        if (in == null) {
            throw new NotFoundException();
        }
        CacheControl revalidate = new CacheControl();
        revalidate.setNoCache(true); // a redeployed demo is picked up at once
        String type = servletContext.getMimeType(name);
        if (type == null) {
            type = "application/octet-stream";
        } else if (type.startsWith("text/") && !type.contains("charset")) {
            type += ";charset=UTF-8"; // the files are UTF-8; containers differ in what they add
        }
        return Response.ok(in, type).cacheControl(revalidate).build();
    }
}
