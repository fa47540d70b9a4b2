package io.herald.web.container.grizzly;

import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reaches Grizzly's own response behind a servlet response on Payara, for the two things the
 * servlet API cannot do for an event stream: shrink its output buffer ({@link #shrinkBuffer}) and
 * write frames to its connection without the container's per-write filter chain
 * ({@link GrizzlyChunkChannel}).
 *
 * <p>The path is Payara's {@code ResponseFacade.response} field, then Catalina's
 * {@code getCoyoteResponse()}: container internals, read off web-core's bytecode in Payara Micro
 * 6.2025.10. On any other container, or if those internals change, nothing is found, that is
 * said once, and streams work as before through the servlet output stream.
 */
final class GrizzlyResponses {

    private static final Logger LOG = Logger.getLogger(GrizzlyResponses.class.getName());
    /** Grizzly's minimum; an SSE frame larger than this is written in several pieces. */
    static final int STREAM_BUFFER_SIZE = 512;

    private static final ClassValue<Access> ACCESS = new ClassValue<>() {
        @Override
        protected Access computeValue(Class<?> facade) {
            return Access.of(facade);
        }
    };

    private GrizzlyResponses() {
    }

    /**
     * Sets the response's buffer size before anything is written; false if this container does
     * not allow it.
     *
     * <p>Grizzly allocates a fresh buffer of the response's buffer size for the first write after
     * every flush, so each 60-byte SSE frame cost an 8 KiB {@code byte[]}: about half the CPU of a
     * delivery in profiles (bench/PROFILE.md). The servlet API cannot lower it, because Payara's
     * {@code Response.setBufferSize} only ever grows Grizzly's buffer.
     */
    static boolean shrinkBuffer(ServletResponse response, int size) {
        ServletResponse facade = unwrap(response);
        Access a = ACCESS.get(facade.getClass());
        if (a.setBufferSize == null) {
            return false;
        }
        try {
            a.setBufferSize.invoke(facade, size);
            return true;
        } catch (Throwable unexpected) { // the handle's own signature: anything may come through
            LOG.log(Level.FINE, "could not shrink the response buffer", unexpected);
            return false;
        }
    }

    /** The container's own response object behind {@code response}, or null if it cannot be reached. */
    static Object containerResponse(ServletResponse response) {
        ServletResponse facade = unwrap(response);
        Access a = ACCESS.get(facade.getClass());
        if (a.containerResponse == null) {
            return null;
        }
        try {
            return a.containerResponse.invoke(facade);
        } catch (Throwable unexpected) {
            LOG.log(Level.FINE, "could not reach the container's response", unexpected);
            return null;
        }
    }

    /**
     * The container's facade: {@code response} itself, or the first response behind filters'
     * wrappers (such as the reason-phrase filter's) whose class has the facade's shape. Handles
     * are found once per class.
     */
    private static ServletResponse unwrap(ServletResponse response) {
        ServletResponse r = response;
        while (!ACCESS.get(r.getClass()).usable() && r instanceof ServletResponseWrapper wrapper) {
            r = wrapper.getResponse();
        }
        return r;
    }

    /** How to reach Grizzly's response from one facade class (null handles: cannot). */
    private record Access(Class<?> facade, MethodHandle containerResponse, MethodHandle setBufferSize) {

        boolean usable() {
            return containerResponse != null;
        }

        static Access of(Class<?> facade) {
            try {
                Field field = findField(facade, "response");
                field.setAccessible(true);
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                MethodHandle inner = lookup.unreflectGetter(field);
                Class<?> catalina = field.getType();
                MethodHandle coyote = MethodHandles.filterReturnValue(inner,
                        lookup.unreflect(catalina.getMethod("getCoyoteResponse")));
                MethodHandle resize = lookup.unreflect(coyote.type().returnType().getMethod("setBufferSize", int.class));
                return new Access(facade,
                        coyote.asType(MethodType.methodType(Object.class, Object.class)),
                        MethodHandles.filterArguments(resize, 0, coyote)
                                .asType(MethodType.methodType(void.class, Object.class, int.class)));
            } catch (ReflectiveOperationException | RuntimeException notPayara) {
                if (ServletResponseWrapper.class.isAssignableFrom(facade)) {
                    return new Access(facade, null, null); // a filter's wrapper: what it wraps is looked at
                }
                LOG.log(Level.INFO, "event streams keep the container's default response buffer and write path ("
                        + facade.getName() + " is not Payara's response facade): " + notPayara);
                return new Access(facade, null, null);
            }
        }

        private static Field findField(Class<?> type, String name) throws NoSuchFieldException {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                try {
                    return c.getDeclaredField(name);
                } catch (NoSuchFieldException next) {
                    // look in the superclass
                }
            }
            throw new NoSuchFieldException(type.getName() + "." + name);
        }
    }
}
