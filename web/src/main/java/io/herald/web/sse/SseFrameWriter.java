package io.herald.web.sse;

import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/**
 * Writes an {@link SseFrame}'s pre-built bytes in one call. Being declared for the exact class it
 * is chosen over the container's generic {@code OutboundSseEvent} writer, which would re-encode
 * the payload byte by byte for every stream.
 */
@Provider
@Produces(MediaType.SERVER_SENT_EVENTS)
public class SseFrameWriter implements MessageBodyWriter<SseFrame> {

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return SseFrame.class.isAssignableFrom(type);
    }

    @Override
    public void writeTo(SseFrame frame, Class<?> type, Type genericType, Annotation[] annotations,
                        MediaType mediaType, MultivaluedMap<String, Object> httpHeaders, OutputStream out)
            throws IOException {
        frame.writeFields(out);
    }
}
