package io.herald.web.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The keys tokens may be signed with, and for each the one algorithm accepted: the shared secret
 * for HS256, an RSA public key for RS256, an EC P-256 public key for ES256. Any other algorithm
 * ({@code none}, HS256 when only a public key is configured, ...) is rejected by the verifier.
 */
public record VerificationKeys(List<JWK> keys, Set<JWSAlgorithm> algorithms) {

    /** HS256 needs a key at least as long as its hash: 256 bits. */
    public static final int MIN_SECRET_BYTES = 32;

    public boolean isEmpty() {
        return keys.isEmpty();
    }

    /**
     * @param secret       HS256 secret (its UTF-8 bytes), or null
     * @param publicKeyPem a PEM {@code PUBLIC KEY} (RSA or EC P-256) or {@code CERTIFICATE}, or null
     * @throws IllegalArgumentException on a secret shorter than 256 bits or a key that cannot be used
     */
    public static VerificationKeys of(String secret, String publicKeyPem) {
        List<JWK> keys = new ArrayList<>();
        Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
        if (secret != null) {
            byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
            if (bytes.length < MIN_SECRET_BYTES) {
                throw new IllegalArgumentException("herald.auth.jwt.secret must be at least " + MIN_SECRET_BYTES
                        + " bytes (256 bits) for HS256, was " + bytes.length);
            }
            keys.add(new OctetSequenceKey.Builder(bytes).algorithm(JWSAlgorithm.HS256).build());
            algorithms.add(JWSAlgorithm.HS256);
        }
        if (publicKeyPem != null) {
            PublicKey key = parsePem(publicKeyPem);
            if (key instanceof RSAPublicKey rsa) {
                if (rsa.getModulus().bitLength() < 2048) {
                    throw new IllegalArgumentException("herald.auth.jwt.public-key: RSA keys must have at least 2048 bits");
                }
                keys.add(new RSAKey.Builder(rsa).algorithm(JWSAlgorithm.RS256).build());
                algorithms.add(JWSAlgorithm.RS256);
            } else if (key instanceof ECPublicKey ec && Curve.P_256.equals(Curve.forECParameterSpec(ec.getParams()))) {
                keys.add(new ECKey.Builder(Curve.P_256, ec).algorithm(JWSAlgorithm.ES256).build());
                algorithms.add(JWSAlgorithm.ES256);
            } else {
                throw new IllegalArgumentException("herald.auth.jwt.public-key: an RSA (RS256) or EC P-256 (ES256) key is needed, got "
                        + key.getAlgorithm());
            }
        }
        return new VerificationKeys(List.copyOf(keys), Set.copyOf(algorithms));
    }

    /** A {@code -----BEGIN PUBLIC KEY-----} (X.509 SubjectPublicKeyInfo) or {@code -----BEGIN CERTIFICATE-----} block. */
    static PublicKey parsePem(String pem) {
        String text = pem.strip();
        boolean certificate = text.contains("BEGIN CERTIFICATE");
        if (!certificate && !text.contains("BEGIN PUBLIC KEY")) {
            throw new IllegalArgumentException("herald.auth.jwt.public-key: expected a PEM block "
                    + "'-----BEGIN PUBLIC KEY-----' or '-----BEGIN CERTIFICATE-----'");
        }
        String base64 = text.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(base64);
            if (certificate) {
                return CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(der)).getPublicKey();
            }
            X509EncodedKeySpec spec = new X509EncodedKeySpec(der);
            try {
                return KeyFactory.getInstance("RSA").generatePublic(spec);
            } catch (GeneralSecurityException notRsa) {
                return KeyFactory.getInstance("EC").generatePublic(spec);
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("herald.auth.jwt.public-key: not a readable RSA or EC public key", e);
        }
    }
}
