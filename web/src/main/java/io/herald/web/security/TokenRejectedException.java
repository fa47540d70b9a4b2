package io.herald.web.security;

/**
 * A bearer token that does not authenticate its holder: missing, malformed, badly signed, signed
 * with an algorithm Herald does not accept, expired, not yet valid, or for another issuer or
 * audience. Becomes a 401.
 */
public class TokenRejectedException extends Exception {

    private final String reason;

    /**
     * @param reason      a short fixed code for logs and metrics ({@code missing-token},
     *                    {@code malformed}, {@code bad-signature}, {@code bad-algorithm},
     *                    {@code expired}, {@code not-yet-valid}, {@code bad-claims}, {@code no-key})
     * @param description safe to send to the client (never the token itself)
     */
    public TokenRejectedException(String reason, String description) {
        super(description, null, false, false);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
