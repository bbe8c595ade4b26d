package io.callguard.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Refuses a token issued in the future (beyond the allowed clock skew): it was minted by a forged or broken clock,
 * and its lifetime and age checks would count from the wrong moment. Audience, lifetime and age are checked by
 * SmallRye JWT itself ({@code mp.jwt.verify.audiences}, {@code smallrye.jwt.time-to-live},
 * {@code mp.jwt.verify.token.age}).
 */
@ApplicationScoped
public class TokenTimeCheck implements SecurityIdentityAugmentor {

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.clock.skew", defaultValue = "30")
    int clockSkewSeconds;

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            long now = System.currentTimeMillis() / 1000;
            if (jwt.getIssuedAtTime() > now + clockSkewSeconds) {
                return Uni.createFrom().failure(new AuthenticationFailedException("token issued in the future"));
            }
        }
        return Uni.createFrom().item(identity);
    }
}
