package org.payerauth.keycloak.udap.tiered.discovery;

import java.util.List;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.payerauth.keycloak.common.ProviderIds;
import org.payerauth.keycloak.common.discovery.DiscoveryContribution;
import org.payerauth.keycloak.common.discovery.DiscoveryContributionFactory;
import org.payerauth.keycloak.udap.tiered.trust.IdpTrust;
import org.payerauth.udap.tiered.TieredRequest;

/**
 * Tiered OAuth's part of {@code /.well-known/udap} (U1): {@code udap_to} in {@code udap_profiles_supported} once a
 * community of the realm is trusted for identity providers (only then can a Tiered login succeed), and
 * {@code openid}, {@code udap} in {@code scopes_supported} then, or when the realm has the {@code udap} client scope
 * (it acts as a member's identity provider: the data holder checks for both scopes, U4).
 */
public final class TieredDiscoveryContributionFactory implements DiscoveryContributionFactory {

    public static final String PROVIDER_ID = "udap-tiered";
    public static final String PROFILE = "udap_to";

    @Override
    public DiscoveryContribution create(KeycloakSession session) {
        return new DiscoveryContribution() {
            @Override
            public List<String> udapProfiles(RealmModel realm) {
                return IdpTrust.communities(session, realm).isEmpty() ? List.of() : List.of(PROFILE);
            }

            @Override
            public List<String> udapScopes(RealmModel realm) {
                boolean identityProvider = realm.getClientScopesStream()
                        .anyMatch(scope -> ProviderIds.UDAP_SCOPE.equals(scope.getName()));
                return identityProvider || !IdpTrust.communities(session, realm).isEmpty()
                        ? List.of(TieredRequest.OPENID_SCOPE, TieredRequest.UDAP_SCOPE) : List.of();
            }
        };
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
