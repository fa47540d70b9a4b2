package io.herald.jakarta.sse;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.testing.NormalScopedBeans;
import org.junit.jupiter.api.Test;

class BeanMethodsTest {

    @Test
    void everyMethodOneBeanCallsOnAnotherThroughItsClientProxyIsPublicSoTheProxyCallsItWithoutReflection() {
        assertThat(NormalScopedBeans.nonPublicMethods(SinkStreams.class)).isEmpty();
    }
}
