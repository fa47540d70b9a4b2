package io.herald.client;

/** A call to Herald failed: no answer (connection refused, timeout) or an error answer. */
public class HeraldException extends RuntimeException {

    public HeraldException(String message, Throwable cause) {
        super(message, cause);
    }

    public HeraldException(String message) {
        super(message);
    }
}
