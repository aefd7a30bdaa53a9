package org.payerauth.keycloak.udap.discovery;

import java.util.Optional;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.payerauth.keycloak.common.discovery.DiscoveryContribution;
import org.payerauth.keycloak.common.discovery.DiscoveryContributionFactory;
import org.payerauth.keycloak.common.endpoints.RealmEndpoints;
import org.payerauth.keycloak.udap.community.TrustCommunityComponentFactory;

/**
 * UDAP registration's part of other discovery documents: the SMART configuration lists
 * {@code registration_endpoint} (the UDAP one) once the realm has a trust community, i.e. once registration can
 * succeed there.
 */
public final class UdapDiscoveryContributionFactory implements DiscoveryContributionFactory {

    public static final String PROVIDER_ID = "udap-registration";

    @Override
    public DiscoveryContribution create(KeycloakSession session) {
        return new DiscoveryContribution() {
            @Override
            public Optional<String> registrationEndpoint(RealmModel realm) {
                if (TrustCommunityComponentFactory.of(session).communities(realm).isEmpty()) {
                    return Optional.empty();
                }
                return Optional.of(RealmEndpoints.of(session, realm).udapRegistrationEndpoint());
            }
        };
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
