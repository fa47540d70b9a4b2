package io.herald.web.stream;

import jakarta.servlet.ServletResponse;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Shrinks the container's output buffer of an event-stream response on Payara (Grizzly).
 *
 * <p>Grizzly allocates a fresh buffer of the response's buffer size for the first write after
 * every flush, so each 60-byte SSE frame cost an 8 KiB {@code byte[]}: about half the CPU of a
 * delivery in profiles (bench/PROFILE.md). The servlet API cannot lower it, because Payara's
 * {@code Response.setBufferSize} only ever grows Grizzly's buffer, so this reaches Grizzly's own
 * response through Payara's {@code ResponseFacade} (its {@code response} field, then
 * {@code getCoyoteResponse()}): container internals, read off web-core's bytecode in Payara Micro
 * 6.2025.10. On any other container, or if those internals change, it does nothing and says so
 * once; streams then work as before, only with bigger buffers.
 */
final class GrizzlyResponseBuffer {

    private static final Logger LOG = Logger.getLogger(GrizzlyResponseBuffer.class.getName());
    /** Grizzly's minimum; an SSE frame larger than this is written in several pieces. */
    static final int STREAM_BUFFER_SIZE = 512;

    private static volatile Access access;

    private GrizzlyResponseBuffer() {
    }

    /** Sets the buffer size before anything is written; false if this container does not allow it. */
    static boolean shrink(ServletResponse response, int size) {
        Access a = access;
        if (a == null || a.facade != response.getClass()) {
            a = Access.of(response.getClass());
            access = a;
        }
        if (a.setBufferSize == null) {
            return false;
        }
        try {
            a.setBufferSize.invoke(response, size);
            return true;
        } catch (Throwable unexpected) { // the handle's own signature: anything may come through
            LOG.log(Level.FINE, "could not shrink the response buffer", unexpected);
            return false;
        }
    }

    /** How to reach Grizzly's {@code setBufferSize} from one facade class (null handle: cannot). */
    private record Access(Class<?> facade, MethodHandle setBufferSize) {

        static Access of(Class<?> facade) {
            try {
                Field field = findField(facade, "response");
                field.setAccessible(true);
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                MethodHandle inner = lookup.unreflectGetter(field);
                Class<?> catalina = field.getType();
                MethodHandle coyote = lookup.unreflect(catalina.getMethod("getCoyoteResponse"));
                MethodHandle resize = lookup.unreflect(coyote.type().returnType().getMethod("setBufferSize", int.class));
                MethodHandle chain = MethodHandles.filterArguments(resize, 0, MethodHandles.filterReturnValue(inner, coyote));
                return new Access(facade, chain.asType(MethodType.methodType(void.class, Object.class, int.class)));
            } catch (ReflectiveOperationException | RuntimeException notPayara) {
                LOG.log(Level.INFO, "event streams keep the container's default response buffer ("
                        + facade.getName() + " is not Payara's response facade): " + notPayara);
                return new Access(facade, null);
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
