package io.herald.web.beans;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.spi.Context;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;

/**
 * The instance behind an injected reference to an {@code @ApplicationScoped} bean, for beans of the
 * same scope to hold on the per-request path (the direct lane's stream opens and long-polls).
 *
 * <p>Why: an injected reference to a normal-scoped bean is a client proxy, and Weld's proxy looks
 * the instance up on every call and, on a thread outside any interception (the listener's selector
 * threads, where the lane runs), allocates an interception stack and sets a thread-local for the
 * call, several times per stream or poll (measured in {@code bench/PROFILE.md}). An
 * application-scoped bean has one instance for the application's life, the one the proxy would call
 * anyway, so a bean that lives exactly as long may hold that instance. The beans held this way have
 * no interceptors or decorators: one that gains some should be held as injected again, since not
 * every container applies them to the context's instance. Only the standard CDI SPI is used
 * ({@link BeanManager#getContext}), so this holds on any CDI container.
 */
public final class ApplicationScopedInstances {

    private ApplicationScopedInstances() {
    }

    /**
     * The instance of the {@code @Default} bean of {@code type} if it is application-scoped,
     * created now if it was not yet; otherwise {@code reference} as injected (and also without a
     * bean manager: a bean built outside a container, as unit tests build them).
     */
    public static <T> T of(BeanManager beans, T reference, Class<T> type) {
        if (beans == null) {
            return reference;
        }
        Bean<?> bean = beans.resolve(beans.getBeans(type));
        if (bean == null || !ApplicationScoped.class.equals(bean.getScope())) {
            return reference;
        }
        return type.cast(instanceOf(beans, bean));
    }

    private static <B> B instanceOf(BeanManager beans, Bean<B> bean) {
        Context context = beans.getContext(ApplicationScoped.class);
        return context.get(bean, beans.createCreationalContext(bean));
    }
}
