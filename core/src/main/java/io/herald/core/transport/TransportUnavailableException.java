package io.herald.core.transport;

/** The transport cannot store or read events right now (e.g. Redis is down); worth retrying later. */
public class TransportUnavailableException extends RuntimeException {

    public TransportUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
