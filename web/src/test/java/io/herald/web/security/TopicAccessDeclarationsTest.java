package io.herald.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.web.HeraldApplication;
import io.herald.web.security.AuthFilter.TopicRule;
import io.herald.web.security.AuthFilter.TopicRule.Source;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Authorization is decided on the matched resource method's declaration: every resource method
 * of the application that names a topic declares its access, reads are GET or HEAD only, and the rule
 * finds the topics where the method gets them.
 */
class TopicAccessDeclarationsTest {

    @Test
    void everyResourceMethodThatNamesATopicDeclaresItsAccessMatchingItsHttpMethod() {
        List<Method> checked = new ArrayList<>();
        for (Class<?> type : new HeraldApplication().getClasses()) {
            if (type.getAnnotation(Path.class) == null) {
                continue;
            }
            for (Method m : type.getMethods()) {
                String http = httpMethod(m);
                if (http == null) {
                    continue;
                }
                TopicRule rule = TopicRule.of(m);
                if (rule.sources().isEmpty()) {
                    // the demo page's files: nothing of a topic is read there
                    assertThat(m.getAnnotation(TopicAccess.class)).as("%s names no topic", m).isNull();
                    assertThat(m.getDeclaringClass().getPackageName()).as("%s names no topic", m)
                            .isEqualTo("io.herald.web.site");
                    continue;
                }
                assertThat(rule.kind()).as("%s declares @TopicAccess", m).isNotNull();
                assertThat(rule.kind()).as("%s: what %s does", m, http).isEqualTo(
                        HttpMethod.GET.equals(http) || HttpMethod.HEAD.equals(http) ? TopicAccess.Kind.READ : TopicAccess.Kind.PUBLISH);
                checked.add(m);
            }
        }
        assertThat(checked).hasSizeGreaterThanOrEqualTo(9); // stream x2 and their HEADs, poll, history, info, publish x2
    }

    @Test
    void topicsComeFromThePathTheQueryOrBothAsTheMethodBindsThem() throws Exception {
        assertThat(TopicRule.of(Samples.class.getMethod("path", String.class)).sources()).containsExactly(Source.PATH);
        assertThat(TopicRule.of(Samples.class.getMethod("query", List.class)).sources()).containsExactly(Source.QUERY);
        assertThat(TopicRule.of(Samples.class.getMethod("both", String.class, List.class)).sources())
                .isEqualTo(Set.of(Source.PATH, Source.QUERY));
        TopicRule undeclared = TopicRule.of(Samples.class.getMethod("undeclared", String.class));
        assertThat(undeclared.sources()).containsExactly(Source.PATH);
        assertThat(undeclared.kind()).isNull();
        assertThat(TopicRule.of(Samples.class.getMethod("otherParams", String.class)).sources()).isEmpty();
    }

    private static String httpMethod(Method m) {
        for (Annotation a : m.getAnnotations()) {
            HttpMethod designator = a.annotationType().getAnnotation(HttpMethod.class);
            if (designator != null) {
                return designator.value();
            }
        }
        return null;
    }

    /** Methods shaped like resource methods, for the rule's reading of annotations. */
    public static class Samples {
        @GET @TopicAccess(TopicAccess.Kind.READ)
        public void path(@PathParam("topic") String topic) { }

        @GET @TopicAccess(TopicAccess.Kind.READ)
        public void query(@QueryParam("topic") List<String> topics) { }

        @GET @TopicAccess(TopicAccess.Kind.READ)
        public void both(@PathParam("topic") String topic, @QueryParam("topic") List<String> more) { }

        @GET
        public void undeclared(@PathParam("topic") String topic) { }

        @GET
        public void otherParams(@QueryParam("topics") String notATopicParameter) { }
    }
}
