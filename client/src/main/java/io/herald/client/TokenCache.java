package io.herald.client;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The bearer token: asked of the supplier once, kept, and asked again only when the server refused
 * the one kept (401), so concurrent 401s for the same token refresh it once. A supplier that throws
 * fails the call that needed the token as a {@link HeraldException}, like any other failed call.
 */
final class TokenCache {

    private final Supplier<String> supplier;
    private String current;

    TokenCache(Supplier<String> supplier) {
        this.supplier = supplier;
    }

    boolean enabled() {
        return supplier != null;
    }

    /** The token to send, or null when the client has no supplier. */
    synchronized String current() {
        if (supplier == null) {
            return null;
        }
        if (current == null) {
            current = ask();
        }
        return current;
    }

    /**
     * The server refused {@code rejected}: if it is still the token kept, ask the supplier for a new
     * one. Returns true when the token to send now differs from {@code rejected} (worth a retry).
     */
    synchronized boolean refresh(String rejected) {
        if (supplier == null) {
            return false;
        }
        if (Objects.equals(current, rejected)) {
            current = ask();
        }
        return !Objects.equals(current, rejected);
    }

    private String ask() {
        try {
            return supplier.get();
        } catch (HeraldException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new HeraldException("the token supplier failed: " + e, e);
        }
    }
}
