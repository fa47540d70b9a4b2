package io.herald.web.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import java.util.List;

/**
 * A response's {@code Content-Type} is the type its resource method declares, spelled as declared.
 * Jersey otherwise answers with the client's own spelling of an acceptable type, its case and its
 * parameters ({@code Accept: Text/Event-Stream;charset=x} came back as that very text), so the same
 * resource answered the same request differently from the direct lane, which always writes the
 * declared type, and a client could put text of its choosing into a response header.
 */
@Provider
public class DeclaredMediaTypeFilter implements ContainerResponseFilter {

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        MediaType sent = response.getMediaType();
        if (sent == null) {
            return;
        }
        String declared = declaredFor(sent, DeclaredTypes.of(resource));
        if (declared != null) {
            response.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, declared);
        }
    }

    /**
     * The declared type {@code sent} is a spelling of (the same type and subtype, in any case), as
     * declared; null when {@code sent} is none of them, which leaves a type a resource chose itself
     * (a problem, say) as it is.
     */
    static String declaredFor(MediaType sent, List<String> declaredTypes) {
        for (String one : declaredTypes) {
            MediaType declared = MediaType.valueOf(one);
            if (declared.getType().equalsIgnoreCase(sent.getType())
                    && declared.getSubtype().equalsIgnoreCase(sent.getSubtype())
                    && !declared.isWildcardType() && !declared.isWildcardSubtype()) {
                return one;
            }
        }
        return null;
    }
}
