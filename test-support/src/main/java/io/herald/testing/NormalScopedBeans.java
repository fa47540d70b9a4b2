package io.herald.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The beans of a module whose injected references are client proxies (normal scopes such as
 * {@code @ApplicationScoped}), read from the module's compiled classes. Weld's client proxy calls a
 * bean's public methods directly, and any other method by reflection, with an invocation handler
 * and a {@code Method.invoke} per call: {@link #nonPublicMethods} finds the methods that would go
 * that way. Annotations are matched by name so that this stays JDK only.
 */
public final class NormalScopedBeans {

    private static final Set<String> NORMAL_SCOPES = Set.of(
            "jakarta.enterprise.context.ApplicationScoped", "jakarta.enterprise.context.RequestScoped",
            "jakarta.enterprise.context.SessionScoped", "jakarta.enterprise.context.ConversationScoped");
    /** Methods the container calls on the instance itself, never through a client proxy. */
    private static final Set<String> CONTAINER_CALLED = Set.of(
            "jakarta.annotation.PostConstruct", "jakarta.annotation.PreDestroy", "jakarta.enterprise.inject.Produces");
    private static final Set<String> CONTAINER_CALLED_PARAMETERS = Set.of(
            "jakarta.enterprise.event.Observes", "jakarta.enterprise.event.ObservesAsync",
            "jakarta.enterprise.inject.Disposes");

    private NormalScopedBeans() {
    }

    /**
     * {@code Bean#method} for each instance method of a normal-scoped bean, in the compiled classes
     * that hold {@code anyClassOfTheModule}, that is neither public nor private, leaving out those
     * the container calls on the instance itself (lifecycle callbacks, producers, disposers,
     * observers).
     */
    public static List<String> nonPublicMethods(Class<?> anyClassOfTheModule) {
        Path root = classesRoot(anyClassOfTheModule);
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".");
                name = name.substring(0, name.length() - ".class".length());
                if (name.endsWith("package-info") || name.endsWith("module-info")) {
                    continue;
                }
                Class<?> type = Class.forName(name, false, anyClassOfTheModule.getClassLoader());
                if (!hasAnnotationNamed(type.getDeclaredAnnotations(), NORMAL_SCOPES)) {
                    continue;
                }
                for (Method method : type.getDeclaredMethods()) {
                    int modifiers = method.getModifiers();
                    if (Modifier.isStatic(modifiers) || Modifier.isPrivate(modifiers) || Modifier.isPublic(modifiers)
                            || method.isSynthetic() || method.isBridge()
                            || hasAnnotationNamed(method.getDeclaredAnnotations(), CONTAINER_CALLED)
                            || Arrays.stream(method.getParameterAnnotations())
                                    .anyMatch(a -> hasAnnotationNamed(a, CONTAINER_CALLED_PARAMETERS))) {
                        continue;
                    }
                    found.add(type.getSimpleName() + "#" + method.getName());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        return found;
    }

    private static Path classesRoot(Class<?> type) {
        try {
            Path root = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isDirectory(root)) {
                throw new IllegalArgumentException(type + " is not loaded from a classes directory: " + root);
            }
            return root;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean hasAnnotationNamed(Annotation[] annotations, Set<String> names) {
        return Arrays.stream(annotations).anyMatch(a -> names.contains(a.annotationType().getName()));
    }
}
