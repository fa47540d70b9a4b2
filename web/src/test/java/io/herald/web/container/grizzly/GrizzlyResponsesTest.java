package io.herald.web.container.grizzly;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/**
 * The reflective path is exercised against Payara itself by the it-tests (every stream goes
 * through it); here, that it follows the facade's shape and that anything else is left alone.
 */
class GrizzlyResponsesTest {

    @Test
    void setsTheSizeOnTheResponseBehindAFacadeShapedLikePayaras() {
        GrizzlyLike grizzly = new GrizzlyLike();
        FacadeLike facade = new FacadeLike(new CatalinaLike(grizzly));

        assertThat(GrizzlyResponses.shrinkBuffer(facade, 512)).isTrue();
        assertThat(grizzly.bufferSize).isEqualTo(512);
        assertThat(GrizzlyResponses.shrinkBuffer(facade, 1024)).isTrue();
        assertThat(grizzly.bufferSize).isEqualTo(1024);
    }

    @Test
    void reachesTheResponseBehindAFacadeShapedLikePayaras() {
        GrizzlyLike grizzly = new GrizzlyLike();
        assertThat(GrizzlyResponses.containerResponse(new FacadeLike(new CatalinaLike(grizzly)))).isSameAs(grizzly);
        assertThat(GrizzlyResponses.containerResponse(nothing())).isNull();
    }

    @Test
    void looksThroughFiltersWrappersToTheFacade() {
        GrizzlyLike grizzly = new GrizzlyLike();
        HttpServletResponseWrapper wrapped = new HttpServletResponseWrapper(
                new HttpServletResponseWrapper(new FacadeLike(new CatalinaLike(grizzly))));
        assertThat(GrizzlyResponses.containerResponse(wrapped)).isSameAs(grizzly);
        assertThat(GrizzlyResponses.shrinkBuffer(wrapped, 512)).isTrue();
        assertThat(grizzly.bufferSize).isEqualTo(512);
    }

    @Test
    void leavesOtherResponsesAlone() {
        assertThat(GrizzlyResponses.shrinkBuffer(nothing(), 512)).isFalse();
        assertThat(GrizzlyResponses.shrinkBuffer(new HttpServletResponseWrapper(nothing()), 512)).isFalse();
    }

    @Test
    void aContainerThatRefusesIsNotAnError() {
        GrizzlyLike committed = new GrizzlyLike();
        committed.committed = true;
        assertThat(GrizzlyResponses.shrinkBuffer(new FacadeLike(new CatalinaLike(committed)), 512)).isFalse();
    }

    private static HttpServletResponse nothing() {
        return (HttpServletResponse) Proxy.newProxyInstance(GrizzlyResponsesTest.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Shaped like Payara's {@code ResponseFacade}: a {@code response} field. */
    public static final class FacadeLike extends HttpServletResponseWrapper {
        @SuppressWarnings("unused") // read reflectively
        protected CatalinaLike response;

        FacadeLike(CatalinaLike response) {
            super(nothing());
            this.response = response;
        }
    }

    /** Shaped like Payara's Catalina {@code Response}. */
    public static final class CatalinaLike {
        private final GrizzlyLike grizzly;

        CatalinaLike(GrizzlyLike grizzly) {
            this.grizzly = grizzly;
        }

        public GrizzlyLike getCoyoteResponse() {
            return grizzly;
        }
    }

    /** Shaped like Grizzly's {@code Response}, which refuses once committed. */
    public static final class GrizzlyLike {
        int bufferSize = 8192;
        boolean committed;

        public void setBufferSize(int size) {
            if (committed) {
                throw new IllegalStateException("Unable to change buffer size as the response has been committed");
            }
            bufferSize = size;
        }
    }
}
