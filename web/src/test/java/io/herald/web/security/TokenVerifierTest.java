package io.herald.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Token verification with Nimbus-signed tokens: the auth matrix without a server. */
class TokenVerifierTest {

    static final String SECRET = "an-hs256-test-secret-of-at-least-32-bytes!";
    static final String OTHER_SECRET = "another-hs256-secret-of-at-least-32-bytes";
    static KeyPair rsa;
    static KeyPair ec;

    final TokenVerifier hsVerifier = new TokenVerifier(VerificationKeys.of(SECRET, null), null, null, Duration.ofSeconds(30));

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator r = KeyPairGenerator.getInstance("RSA");
        r.initialize(2048);
        rsa = r.generateKeyPair();
        KeyPairGenerator e = KeyPairGenerator.getInstance("EC");
        e.initialize(new ECGenParameterSpec("secp256r1"));
        ec = e.generateKeyPair();
    }

    static JWTClaimsSet.Builder claims(Object publish) {
        return new JWTClaimsSet.Builder().subject("tester")
                .expirationTime(Date.from(Instant.now().plusSeconds(300)))
                .claim(Grants.PUBLISH_CLAIM, publish);
    }

    static String sign(JWSSigner signer, JWSAlgorithm alg, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    static String hs(String secret, JWTClaimsSet claims) throws Exception {
        return sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)), JWSAlgorithm.HS256, claims);
    }

    static String pem(java.security.PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    static String reason(TokenVerifier verifier, String token) {
        try {
            verifier.verify(token);
            return "accepted";
        } catch (TokenRejectedException e) {
            return e.reason();
        }
    }

    @Test
    void validHs256TokenGrantsItsTopics() throws Exception {
        Grants grants = hsVerifier.verify(hs(SECRET, claims(List.of("news", "alerts")).build()));
        assertThat(grants.subject()).isEqualTo("tester");
        assertThat(grants.mayPublish("news")).isTrue();
        assertThat(grants.mayPublish("alerts")).isTrue();
        assertThat(grants.mayPublish("other")).isFalse();
        assertThat(grants.maySubscribe("news")).as("publish does not imply subscribe").isFalse();
    }

    @Test
    void starGrantsEveryTopicAndPrefixGrantsItsTopics() throws Exception {
        Grants all = hsVerifier.verify(hs(SECRET, claims(List.of("*")).claim(Grants.SUBSCRIBE_CLAIM, List.of("*")).build()));
        assertThat(all.mayPublish("anything.at-all")).isTrue();
        assertThat(all.maySubscribe("private.x")).isTrue();
        Grants prefix = hsVerifier.verify(hs(SECRET, claims("team.* solo").build()));
        assertThat(prefix.mayPublish("team.a")).isTrue();
        assertThat(prefix.mayPublish("solo")).isTrue();
        assertThat(prefix.mayPublish("teams")).isFalse();
    }

    @Test
    void missingClaimGrantsNothing() throws Exception {
        Grants none = hsVerifier.verify(hs(SECRET, new JWTClaimsSet.Builder()
                .expirationTime(Date.from(Instant.now().plusSeconds(60))).build()));
        assertThat(none.mayPublish("news")).isFalse();
        assertThat(none.maySubscribe("news")).isFalse();
    }

    @Test
    void badSignatureIsRejected() throws Exception {
        assertThat(reason(hsVerifier, hs(OTHER_SECRET, claims(List.of("*")).build()))).isEqualTo("bad-signature");
        String token = hs(SECRET, claims(List.of("news")).build());
        String[] parts = token.split("\\.");
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
                claims(List.of("*")).build().toString().getBytes(StandardCharsets.UTF_8));
        assertThat(reason(hsVerifier, parts[0] + "." + forged + "." + parts[2])).isEqualTo("bad-signature");
    }

    @Test
    void expiredTokenIsRejectedBeyondTheClockSkew() throws Exception {
        String expired = hs(SECRET, claims(List.of("*")).expirationTime(Date.from(Instant.now().minusSeconds(120))).build());
        assertThat(reason(hsVerifier, expired)).isEqualTo("expired");
        String justExpired = hs(SECRET, claims(List.of("*")).expirationTime(Date.from(Instant.now().minusSeconds(5))).build());
        assertThat(reason(hsVerifier, justExpired)).as("within 30 s skew").isEqualTo("accepted");
    }

    @Test
    void tokenWithoutExpiryIsRejected() throws Exception {
        String noExp = hs(SECRET, new JWTClaimsSet.Builder().claim(Grants.PUBLISH_CLAIM, List.of("*")).build());
        assertThat(reason(hsVerifier, noExp)).isEqualTo("bad-claims");
    }

    @Test
    void notYetValidTokenIsRejected() throws Exception {
        String future = hs(SECRET, claims(List.of("*")).notBeforeTime(Date.from(Instant.now().plusSeconds(600))).build());
        assertThat(reason(hsVerifier, future)).isEqualTo("not-yet-valid");
    }

    @Test
    void algNoneIsRejected() {
        String unsigned = new PlainJWT(claims(List.of("*")).build()).serialize();
        assertThat(reason(hsVerifier, unsigned)).isEqualTo("bad-algorithm");
        // a signed-looking token whose header says none, signature stripped
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes());
        String body = Base64.getUrlEncoder().withoutPadding().encodeToString(claims(List.of("*")).build().toString().getBytes());
        assertThat(reason(hsVerifier, header + "." + body + ".")).isIn("bad-algorithm", "malformed");
        assertThat(reason(hsVerifier, header + "." + body + ".c2ln")).isIn("bad-algorithm", "malformed");
    }

    @Test
    void wrongAlgorithmIsRejected() throws Exception {
        // HS512 with the right secret is not accepted: only HS256
        String hs512 = sign(new MACSigner((SECRET + SECRET).getBytes(StandardCharsets.UTF_8)), JWSAlgorithm.HS512, claims(List.of("*")).build());
        assertThat(reason(new TokenVerifier(VerificationKeys.of(SECRET + SECRET, null), null, null, Duration.ZERO), hs512))
                .isEqualTo("bad-algorithm");
        // RS256 token on a secret-only server
        String rs = sign(new RSASSASigner(rsa.getPrivate()), JWSAlgorithm.RS256, claims(List.of("*")).build());
        assertThat(reason(hsVerifier, rs)).isEqualTo("bad-algorithm");
        // algorithm confusion: HS256 keyed with the server's RSA public key
        TokenVerifier rsVerifier = new TokenVerifier(VerificationKeys.of(null, pem(rsa.getPublic())), null, null, Duration.ZERO);
        String confused = sign(new MACSigner(pem(rsa.getPublic()).getBytes(StandardCharsets.UTF_8)), JWSAlgorithm.HS256,
                claims(List.of("*")).build());
        assertThat(reason(rsVerifier, confused)).isEqualTo("bad-algorithm");
    }

    @Test
    void rs256AndEs256WithPublicKeys() throws Exception {
        TokenVerifier rsVerifier = new TokenVerifier(VerificationKeys.of(null, pem(rsa.getPublic())), null, null, Duration.ZERO);
        String rs = sign(new RSASSASigner(rsa.getPrivate()), JWSAlgorithm.RS256, claims(List.of("news")).build());
        assertThat(rsVerifier.verify(rs).mayPublish("news")).isTrue();

        TokenVerifier ecVerifier = new TokenVerifier(VerificationKeys.of(null, pem(ec.getPublic())), null, null, Duration.ZERO);
        String es = sign(new ECDSASigner((java.security.interfaces.ECPrivateKey) ec.getPrivate()), JWSAlgorithm.ES256,
                claims(List.of("news")).build());
        assertThat(ecVerifier.verify(es).mayPublish("news")).isTrue();
        assertThat(reason(rsVerifier, es)).isEqualTo("bad-algorithm");

        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        String otherKey = sign(new RSASSASigner(g.generateKeyPair().getPrivate()), JWSAlgorithm.RS256, claims(List.of("news")).build());
        assertThat(reason(rsVerifier, otherKey)).isEqualTo("bad-signature");
    }

    @Test
    void keyIdInTheHeaderDoesNotMatter() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("issuer-key-7").build(),
                claims(List.of("news")).build());
        jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        assertThat(reason(hsVerifier, jwt.serialize())).isEqualTo("accepted");
        SignedJWT rs = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(), claims(List.of("news")).build());
        rs.sign(new RSASSASigner(rsa.getPrivate()));
        TokenVerifier rsVerifier = new TokenVerifier(VerificationKeys.of(null, pem(rsa.getPublic())), null, null, Duration.ZERO);
        assertThat(reason(rsVerifier, rs.serialize())).isEqualTo("accepted");
    }

    @Test
    void headerTypeJwtOrAccessTokenOnly() throws Exception {
        for (String type : List.of("at+jwt", "secevent+jwt")) {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType(type)).build(),
                    claims(List.of("news")).build());
            jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
            assertThat(reason(hsVerifier, jwt.serialize())).as(type).isEqualTo(type.equals("at+jwt") ? "accepted" : "malformed");
        }
    }

    @Test
    void secretAndPublicKeyTogether() throws Exception {
        TokenVerifier both = new TokenVerifier(VerificationKeys.of(SECRET, pem(rsa.getPublic())), null, null, Duration.ZERO);
        assertThat(reason(both, hs(SECRET, claims(List.of("*")).build()))).isEqualTo("accepted");
        assertThat(reason(both, sign(new RSASSASigner(rsa.getPrivate()), JWSAlgorithm.RS256, claims(List.of("*")).build())))
                .isEqualTo("accepted");
    }

    @Test
    void issuerAndAudienceWhenConfigured() throws Exception {
        TokenVerifier strict = new TokenVerifier(VerificationKeys.of(SECRET, null), "https://issuer.example", "herald",
                Duration.ZERO);
        assertThat(reason(strict, hs(SECRET, claims(List.of("*")).issuer("https://issuer.example").audience("herald").build())))
                .isEqualTo("accepted");
        assertThat(reason(strict, hs(SECRET, claims(List.of("*")).issuer("https://evil.example").audience("herald").build())))
                .isEqualTo("bad-claims");
        assertThat(reason(strict, hs(SECRET, claims(List.of("*")).issuer("https://issuer.example").audience("other").build())))
                .isEqualTo("bad-claims");
        assertThat(reason(strict, hs(SECRET, claims(List.of("*")).build()))).isEqualTo("bad-claims");
    }

    @Test
    void malformedAndMissingTokens() {
        assertThat(reason(hsVerifier, null)).isEqualTo("missing-token");
        assertThat(reason(hsVerifier, "")).isEqualTo("missing-token");
        assertThat(reason(hsVerifier, "not-a-jwt")).isEqualTo("malformed");
        assertThat(reason(hsVerifier, "a.b.c")).isEqualTo("malformed");
        assertThat(reason(hsVerifier, "x".repeat(10_000))).isEqualTo("malformed");
    }

    @Test
    void claimOfWrongShapeIsRejected() throws Exception {
        assertThat(reason(hsVerifier, hs(SECRET, claims(List.of(1, 2)).build()))).isEqualTo("bad-claims");
        assertThat(reason(hsVerifier, hs(SECRET, claims(42).build()))).isEqualTo("bad-claims");
    }

    /** A validly signed token whose claims are the given JSON text, as an issuer could write it. */
    static String hsRaw(String claimsJson) throws Exception {
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
                new Payload(claimsJson));
        jws.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        return jws.serialize();
    }

    /**
     * Every registered claim, and Herald's own, given every JSON shape (null, wrong type, out of
     * range): each token is accepted or refused with a reason, never an exception of another kind
     * (which the resources would turn into a 500). {@code "exp": null} once passed Nimbus's
     * required-claim check (the name is present) and failed in reading the expiry.
     */
    @Test
    void everyShapeOfEveryClaimIsAcceptedOrRefusedWithAReason() throws Exception {
        long future = Instant.now().plusSeconds(300).getEpochSecond();
        List<String> shapes = List.of("null", "true", "\"\"", "\"x\"", "\"9999999999\"", "[]", "[null]", "[1]", "[\"a\"]",
                "{}", "{\"a\":1}", "-1", "0", "1.5", "1e300", "-1e300", "99999999999999999999", String.valueOf(future));
        TokenVerifier strict = new TokenVerifier(VerificationKeys.of(SECRET, null), "https://issuer.example", "herald",
                Duration.ofSeconds(30));
        List<String> failures = new ArrayList<>();
        for (String claim : List.of("exp", "nbf", "iat", "iss", "sub", "aud", "jti", Grants.PUBLISH_CLAIM, Grants.SUBSCRIBE_CLAIM)) {
            for (String shape : shapes) {
                String base = claim.equals("exp") ? "" : "\"exp\":" + future + ",";
                String json = "{" + base + "\"iss\":\"https://issuer.example\",\"aud\":\"herald\",".replace(
                        "\"" + claim + "\":\"" + (claim.equals("iss") ? "https://issuer.example" : "herald") + "\",", "")
                        + "\"" + claim + "\":" + shape + "}";
                for (TokenVerifier verifier : List.of(hsVerifier, strict)) {
                    try {
                        verifier.verify(hsRaw(json));
                    } catch (TokenRejectedException refused) {
                        // a reason the client is told: fine
                    } catch (RuntimeException e) {
                        failures.add(json + " -> " + e);
                    }
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(reason(hsVerifier, hsRaw("{\"exp\":null,\"herald.publish\":[\"*\"]}"))).isEqualTo("bad-claims");
        assertThat(reason(hsVerifier, hsRaw("{\"exp\":" + future + ",\"herald.publish\":[\"*\"]}"))).isEqualTo("accepted");
    }

    @Test
    void noKeyRefusesEveryToken() throws Exception {
        TokenVerifier none = new TokenVerifier(VerificationKeys.of(null, null), null, null, Duration.ZERO);
        assertThat(none.hasKeys()).isFalse();
        assertThat(reason(none, hs(SECRET, claims(List.of("*")).build()))).isEqualTo("no-key");
    }

    @Test
    void weakOrUnusableKeysAreConfigurationErrors() throws Exception {
        assertThatThrownBy(() -> VerificationKeys.of("short-secret", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("256 bits");
        assertThatThrownBy(() -> VerificationKeys.of(null, "not a pem"))
                .isInstanceOf(IllegalArgumentException.class);
        KeyPairGenerator small = KeyPairGenerator.getInstance("RSA");
        small.initialize(1024);
        assertThatThrownBy(() -> VerificationKeys.of(null, pem(small.generateKeyPair().getPublic())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2048");
    }
}
