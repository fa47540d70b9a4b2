package io.herald.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.core.broadcast.Broadcaster;
import io.herald.testing.NormalScopedBeans;
import org.junit.jupiter.api.Test;

class BeanMethodsTest {

    @Test
    void everyMethodOneBeanCallsOnAnotherThroughItsClientProxyIsPublicSoTheProxyCallsItWithoutReflection() {
        assertThat(NormalScopedBeans.nonPublicMethods(Broadcaster.class)).isEmpty();
    }
}
