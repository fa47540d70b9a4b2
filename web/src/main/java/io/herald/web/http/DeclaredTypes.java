package io.herald.web.http;

import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ResourceInfo;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * The media types a matched resource method declares: its {@code @Produces}, else its class's,
 * one entry per type as written (an entry of {@code @Produces} may list several, comma-separated).
 * What both the answer's {@code Content-Type} ({@link DeclaredMediaTypeFilter}) and the refusal
 * of a type weighted {@code q=0} ({@link RefusedTypeFilter}) are read from.
 */
final class DeclaredTypes {

    private DeclaredTypes() {
    }

    /** The declared types of {@code resource}'s matched method; empty when there is none or it declares none. */
    static List<String> of(ResourceInfo resource) {
        Method method = resource == null ? null : resource.getResourceMethod();
        if (method == null) {
            return List.of();
        }
        Produces produces = method.getAnnotation(Produces.class);
        if (produces == null && resource.getResourceClass() != null) {
            produces = resource.getResourceClass().getAnnotation(Produces.class);
        }
        return produces == null ? List.of() : split(produces.value());
    }

    /** {@code @Produces} entries, one type each, stripped. */
    static List<String> split(String[] produces) {
        List<String> types = new ArrayList<>();
        for (String entry : produces) {
            for (String one : entry.split(",")) {
                types.add(one.strip());
            }
        }
        return types;
    }
}
