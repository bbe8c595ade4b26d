package io.callguard.ops;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * In production the service refuses to start without a token verification key: it would otherwise run with an API
 * that refuses everybody, and the cause would be found only by the first analyst who cannot block a number.
 */
@ApplicationScoped
public class VerificationKeyCheck {

    static final String MESSAGE = "no token verification key: set MP_JWT_VERIFY_PUBLICKEY_LOCATION (the identity"
            + " provider's JWKS URL or a PEM file) and MP_JWT_VERIFY_ISSUER; refusing to start";

    void onStart(@Observes StartupEvent event) {
        if (!ConfigUtils.getProfiles().contains("prod")) {
            return;
        }
        var config = ConfigProvider.getConfig();
        boolean location = config.getOptionalValue("mp.jwt.verify.publickey.location", String.class)
                .filter(s -> !s.isBlank())
                .isPresent();
        boolean inline = config.getOptionalValue("mp.jwt.verify.publickey", String.class)
                .filter(s -> !s.isBlank())
                .isPresent();
        if (!location && !inline) {
            throw new IllegalStateException(MESSAGE);
        }
    }
}
