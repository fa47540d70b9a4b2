package io.herald.web.beans;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.spi.BeanManager;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ApplicationScopedInstancesTest {

    private static WeldContainer container;

    @BeforeAll
    static void boot() {
        container = new Weld().disableDiscovery().addBeanClasses(Tally.class, Scratch.class).initialize();
    }

    @AfterAll
    static void shutDown() {
        container.shutdown();
    }

    @Test
    void anApplicationScopedReferenceGivesTheVeryInstanceItsProxyCalls() {
        BeanManager beans = container.getBeanManager();
        Tally proxy = container.select(Tally.class).get();
        Tally instance = ApplicationScopedInstances.of(beans, proxy, Tally.class);

        assertThat(instance).isNotSameAs(proxy);
        assertThat(instance.getClass()).as("not a proxy class").isEqualTo(Tally.class);
        proxy.add();
        instance.add();
        assertThat(proxy.count()).isEqualTo(2);
        assertThat(ApplicationScopedInstances.of(beans, proxy, Tally.class)).isSameAs(instance);
    }

    @Test
    void aBeanOfAnotherScopeOrNoContainerKeepsTheInjectedReference() {
        Scratch scratch = container.select(Scratch.class).get();
        assertThat(ApplicationScopedInstances.of(container.getBeanManager(), scratch, Scratch.class)).isSameAs(scratch);
        Tally unmanaged = new Tally();
        assertThat(ApplicationScopedInstances.of(null, unmanaged, Tally.class)).isSameAs(unmanaged);
    }

    @ApplicationScoped
    public static class Tally {
        private int count;

        public void add() {
            count++;
        }

        public int count() {
            return count;
        }
    }

    @Dependent
    public static class Scratch {
    }
}
