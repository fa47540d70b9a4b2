package io.herald.it.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** HS256 tokens as Herald verifies them, signed with Nimbus (the library the server verifies with). */
public final class Tokens {

    private Tokens() {
    }

    /**
     * A token for {@code subject} expiring at {@code expires}, granting {@code publish} and
     * {@code subscribe} (a null list leaves its claim out).
     */
    public static String hs256(String secret, String subject, Instant expires, List<String> publish,
                               List<String> subscribe) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(subject).expirationTime(Date.from(expires));
        if (publish != null) {
            claims.claim("herald.publish", publish);
        }
        if (subscribe != null) {
            claims.claim("herald.subscribe", subscribe);
        }
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
                    claims.build());
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A validly signed HS256 token whose claims are exactly {@code claimsJson}, as any issuer could
     * write them ({@code "exp": null}, a number where a string belongs...): what a claims builder
     * would not produce.
     */
    public static String hs256Json(String secret, String claimsJson) {
        try {
            JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
                    new Payload(claimsJson));
            jws.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jws.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
