package io.herald.web.container;

import java.io.IOException;

/**
 * A stream's client read too little for too long, or fell too far behind: its connection was
 * closed. Thrown by a {@link FrameChannel}; the stream then counts its subscriber as slow.
 */
public final class ClientTooSlowException extends IOException {

    private static final long serialVersionUID = 1L;

    public ClientTooSlowException(String message) {
        super(message);
    }
}
