package io.herald.web.stream;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * The response to a {@code HEAD} of a stream as the JAX-RS runtime writes it: the length it gives
 * a 200 event-stream head is dropped (an endless stream has none, and a {@code HEAD} may only
 * carry its {@code GET}'s, RFC 9110 8.6); a refusal keeps its length, which its {@code GET} would
 * have too. See {@link StreamHandoffFilter}.
 */
final class HeadOfStreamResponse extends HttpServletResponseWrapper {

    HeadOfStreamResponse(HttpServletResponse response) {
        super(response);
    }

    private boolean keeps(String header) {
        return !"Content-Length".equalsIgnoreCase(header) || !StreamHandoffFilter.isEventStream(this);
    }

    @Override
    public void setContentLength(int length) {
        if (!StreamHandoffFilter.isEventStream(this)) {
            super.setContentLength(length);
        }
    }

    @Override
    public void setContentLengthLong(long length) {
        if (!StreamHandoffFilter.isEventStream(this)) {
            super.setContentLengthLong(length);
        }
    }

    @Override
    public void setHeader(String name, String value) {
        if (keeps(name)) {
            super.setHeader(name, value);
        }
    }

    @Override
    public void addHeader(String name, String value) {
        if (keeps(name)) {
            super.addHeader(name, value);
        }
    }

    @Override
    public void setIntHeader(String name, int value) {
        if (keeps(name)) {
            super.setIntHeader(name, value);
        }
    }

    @Override
    public void addIntHeader(String name, int value) {
        if (keeps(name)) {
            super.addIntHeader(name, value);
        }
    }
}
