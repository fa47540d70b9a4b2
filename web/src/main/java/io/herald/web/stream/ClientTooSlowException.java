package io.herald.web.stream;

import java.io.IOException;

/** A stream's client read too little for too long, or fell too far behind: its connection was closed. */
final class ClientTooSlowException extends IOException {

    private static final long serialVersionUID = 1L;

    ClientTooSlowException(String message) {
        super(message);
    }
}
