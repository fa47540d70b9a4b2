package io.herald.web.stream;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

/**
 * Event streams must not be cached, and proxies such as nginx must pass each frame through at
 * once ({@code X-Accel-Buffering: no}) instead of buffering the endless response.
 */
@Provider
public class StreamHeadersFilter implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        MediaType type = response.getMediaType();
        if (type != null && MediaType.SERVER_SENT_EVENTS_TYPE.isCompatible(type)) {
            response.getHeaders().putSingle(HttpHeaders.CACHE_CONTROL, StreamHeaders.CACHE_CONTROL);
            response.getHeaders().putSingle(StreamHeaders.ACCEL_BUFFERING, StreamHeaders.NO);
        }
    }
}
