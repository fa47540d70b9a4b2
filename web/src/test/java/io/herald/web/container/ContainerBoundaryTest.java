package io.herald.web.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The container's internals stay in their own package: web's compiled classes are read (their
 * constant pools hold every class, method and string they name, in the JVM's slashed form), so
 * an import, a fully qualified name or a class name in a string is caught alike.
 */
class ContainerBoundaryTest {

    private static final String GRIZZLY_PACKAGE = "io/herald/web/container/grizzly/";

    @Test
    void nothingOutsideTheGrizzlyPackageNamesItsClassesOrGrizzlyItself() {
        Map<String, String> classes = compiledClasses();
        assertThat(classes.keySet()).as("the scan sees web's classes, the Grizzly support among them")
                .contains(GRIZZLY_PACKAGE + "GrizzlyContainer.class", "io/herald/web/stream/SseStream.class",
                        "io/herald/web/poll/PollResource.class", "io/herald/web/http/ReasonPhraseFilter.class");
        assertThat(classes.values()).as("the scan reads each class's names")
                .anyMatch(bytes -> bytes.contains("org/glassfish/grizzly"));

        List<String> offenders = classes.entrySet().stream()
                .filter(c -> !c.getKey().startsWith(GRIZZLY_PACKAGE))
                .filter(c -> names(c.getValue(), "io/herald/web/container/grizzly", "io.herald.web.container.grizzly",
                        "org/glassfish/grizzly", "org.glassfish.grizzly"))
                .map(Map.Entry::getKey)
                .toList();
        assertThat(offenders).as("classes outside %s that name it or Grizzly", GRIZZLY_PACKAGE).isEmpty();
    }

    @Test
    void noJaxRsResourceProviderOrJaxRsTypeSitsInTheContainerPackages() {
        List<String> offenders = compiledClasses().entrySet().stream()
                .filter(c -> c.getKey().startsWith("io/herald/web/container/"))
                .filter(c -> names(c.getValue(), "jakarta/ws/rs/"))
                .map(Map.Entry::getKey)
                .toList();
        assertThat(offenders).isEmpty();
    }

    @Test
    void theGrizzlySupportIsListedForTheServiceLookupAndNowhereElse() throws IOException {
        Path services = classesRoot().resolve("META-INF/services/" + ContainerSupport.class.getName());
        assertThat(Files.readString(services).strip()).isEqualTo("io.herald.web.container.grizzly.GrizzlyContainer");
    }

    @Test
    void withGrizzlyVisibleTheLookupChoosesTheGrizzlySupport() {
        // the unit tests have Grizzly on the class path, as Payara gives it to the application
        assertThat(Containers.current().getClass().getName()).isEqualTo("io.herald.web.container.grizzly.GrizzlyContainer");
    }

    private static boolean names(String classBytes, String... prefixes) {
        for (String prefix : prefixes) {
            if (classBytes.contains(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Every class file of web's main code, by path relative to the classes root, as Latin-1 text. */
    private static Map<String, String> compiledClasses() {
        Path root = classesRoot();
        Map<String, String> classes = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(f -> f.toString().endsWith(".class")).forEach(f -> {
                try {
                    classes.put(root.relativize(f).toString().replace('\\', '/'),
                            new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return classes;
    }

    /** Where web's main classes were compiled to (not the test classes). */
    private static Path classesRoot() {
        try {
            return Path.of(ContainerSupport.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
