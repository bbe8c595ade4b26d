package io.callguard.testing;

import java.nio.file.Paths;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.util.Map;
import java.util.Set;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;

/** Bearer tokens signed with the demo key of test resources (and some that must be refused). */
public final class Tokens {

    public static final String ISSUER = "callguard-demo";
    /** The audience the service requires ({@code mp.jwt.verify.audiences}). */
    public static final String AUDIENCE = "callguard";

    private Tokens() {}

    /**
     * Settings that make a service process ({@link ServiceProcess}) trust the demo key. The key lives in test
     * resources: local runs and tests only, never in the jar or the prod profile.
     */
    public static Map<String, String> trustDemoKey() {
        return Map.of(
                "mp.jwt.verify.publickey.location",
                Paths.get("target", "test-classes", "demo-keys", "publicKey.pem")
                        .toAbsolutePath()
                        .toUri()
                        .toString(),
                "mp.jwt.verify.issuer",
                ISSUER);
    }

    public static String analyst() {
        return token("analyst-7", "fraud-analyst");
    }

    public static String viewer() {
        return token("support-3", "viewer");
    }

    public static String lineAdmin() {
        return token("line-admin-3", "line-admin");
    }

    public static String token(String subject, String... groups) {
        return token(subject, 3600, groups);
    }

    public static String token(String subject, long validSeconds, String... groups) {
        return Jwt.issuer(ISSUER)
                .audience(AUDIENCE)
                .upn(subject)
                .subject(subject)
                .groups(Set.of(groups))
                .expiresIn(validSeconds)
                .sign(demoKey());
    }

    /** Signed by the demo key, with every claim right but the audience. */
    public static String forAudience(String audience, String subject, String... groups) {
        var builder = Jwt.issuer(ISSUER).upn(subject).subject(subject).groups(Set.of(groups));
        if (audience != null) {
            builder.audience(audience);
        }
        return builder.expiresIn(3600).sign(demoKey());
    }

    /** Signed by the demo key, issued at {@code issuedAt} and valid until {@code expiresAt} (epoch seconds). */
    public static String issuedAt(long issuedAt, long expiresAt, String subject, String... groups) {
        return Jwt.issuer(ISSUER)
                .audience(AUDIENCE)
                .upn(subject)
                .subject(subject)
                .groups(Set.of(groups))
                .issuedAt(issuedAt)
                .expiresAt(expiresAt)
                .sign(demoKey());
    }

    public static String expired() {
        long now = System.currentTimeMillis() / 1000;
        return Jwt.issuer(ISSUER)
                .audience(AUDIENCE)
                .upn("analyst-7")
                .groups(Set.of("fraud-analyst", "viewer", "line-admin"))
                .issuedAt(now - 7200)
                .expiresAt(now - 3600)
                .sign(demoKey());
    }

    /** Right claims, signed by a key the service does not trust. */
    public static String wronglySigned() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return Jwt.issuer(ISSUER)
                    .audience(AUDIENCE)
                    .upn("mallory")
                    .groups(Set.of("fraud-analyst", "viewer", "line-admin"))
                    .expiresIn(3600)
                    .sign(g.generateKeyPair().getPrivate());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static PrivateKey demoKey() {
        try {
            return KeyUtils.readPrivateKey("demo-keys/privateKey.pem");
        } catch (Exception e) {
            throw new IllegalStateException("demo key missing from test resources", e);
        }
    }
}
