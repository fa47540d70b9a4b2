package io.herald.web.security;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import com.nimbusds.jose.JOSEException;
import java.security.Key;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.Set;

/**
 * Verifies a compact JWS token with Nimbus JOSE+JWT: signature with one of the configured keys and
 * only with that key's algorithm (so {@code alg: none} and algorithm confusion are rejected),
 * header {@code typ} absent, {@code JWT} or {@code at+jwt} (RFC 9068 access tokens), {@code exp} required and checked, {@code nbf} checked
 * when present (both with a clock-skew allowance), {@code iss} and {@code aud} when configured.
 * Thread-safe; one instance serves every request.
 */
public final class TokenVerifier {

    /** Longer tokens are refused before parsing (a header line of a few KB is plenty). */
    static final int MAX_TOKEN_CHARS = 8192;

    private final DefaultJWTProcessor<SecurityContext> processor;
    private final boolean hasKeys;
    private final Duration clockSkew;

    /**
     * @param issuer   required {@code iss}, or null for any
     * @param audience a value {@code aud} must contain, or null for any
     */
    public TokenVerifier(VerificationKeys keys, String issuer, String audience, Duration clockSkew) {
        this.hasKeys = !keys.isEmpty();
        this.clockSkew = Duration.ofSeconds(Math.min(Integer.MAX_VALUE, clockSkew.toSeconds()));
        processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
        if (hasKeys) {
            // One key per algorithm, chosen by the header's alg alone: a kid in the token (which most
            // issuers add) must not make the key unfindable; Nimbus still does the verification.
            Map<JWSAlgorithm, List<Key>> byAlgorithm = new HashMap<>();
            for (JWK jwk : keys.keys()) {
                byAlgorithm.computeIfAbsent(JWSAlgorithm.parse(jwk.getAlgorithm().getName()), a -> new ArrayList<>())
                        .add(javaKey(jwk));
            }
            processor.setJWSKeySelector((header, context) ->
                    byAlgorithm.getOrDefault(header.getAlgorithm(), List.of()));
        }
        JWTClaimsSet exact = issuer == null ? new JWTClaimsSet.Builder().build()
                : new JWTClaimsSet.Builder().issuer(issuer).build();
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                audience == null ? null : Set.of(audience), exact, Set.of("exp"), null);
        claims.setMaxClockSkew((int) Math.min(Integer.MAX_VALUE, clockSkew.toSeconds()));
        processor.setJWTClaimsSetVerifier(claims);
    }

    private static Key javaKey(JWK jwk) {
        try {
            if (jwk instanceof OctetSequenceKey oct) {
                return oct.toSecretKey("HmacSHA256");
            }
            if (jwk instanceof RSAKey rsa) {
                return rsa.toRSAPublicKey();
            }
            if (jwk instanceof ECKey ec) {
                return ec.toECPublicKey();
            }
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unusable key: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("unsupported key type " + jwk.getKeyType());
    }

    /** False when neither a secret nor a public key is configured: every token is then refused. */
    public boolean hasKeys() {
        return hasKeys;
    }

    /** The grants of a valid token; a {@link TokenRejectedException} saying why otherwise. */
    public Grants verify(String token) throws TokenRejectedException {
        if (token == null || token.isBlank()) {
            throw new TokenRejectedException("missing-token", "A bearer token is required");
        }
        if (!hasKeys) {
            throw new TokenRejectedException("no-key",
                    "No token key is configured on this server (herald.auth.jwt.secret or herald.auth.jwt.public-key)");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new TokenRejectedException("malformed", "The token is too long");
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(token.strip(), null);
        } catch (ParseException e) {
            throw new TokenRejectedException("malformed", "The token is not a well-formed JWT");
        } catch (ExpiredJWTException e) {
            throw new TokenRejectedException("expired", "The token has expired");
        } catch (BadJWTException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("before use time")) {
                throw new TokenRejectedException("not-yet-valid", "The token is not valid yet (nbf)");
            }
            throw new TokenRejectedException("bad-claims", "The token's claims are not accepted here (exp, iss or aud)");
        } catch (BadJWSException e) {
            throw new TokenRejectedException("bad-signature", "The token's signature is invalid");
        } catch (BadJOSEException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("Another algorithm expected") || message.contains("Unsecured")) {
                throw new TokenRejectedException("bad-algorithm",
                        "The token is not signed with an algorithm and key this server accepts");
            }
            throw new TokenRejectedException("malformed", "The token is not a signed JWT this server accepts");
        } catch (JOSEException | RuntimeException e) {
            throw new TokenRejectedException("malformed", "The token could not be verified");
        }
        if (claims.getExpirationTime() == null) {
            // "exp": null names the claim, which is all Nimbus's required-claims check asks
            throw new TokenRejectedException("bad-claims", "The token has no expiry (exp)");
        }
        return Grants.of(claims, clockSkew);
    }
}
