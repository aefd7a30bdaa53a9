package org.payerauth.keycloak.smart.discovery;

import java.util.Optional;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.wellknown.WellKnownProvider;
import org.payerauth.fhir.SmartScopes;
import org.payerauth.keycloak.common.discovery.DiscoveryContribution;
import org.payerauth.keycloak.common.endpoints.RealmEndpoints;
import org.payerauth.keycloak.common.settings.RealmSettings;
import org.payerauth.keycloak.smart.brands.UserAccessBrandsResourceFactory;
import org.payerauth.smart.SmartConfiguration;
import org.payerauth.smart.brands.UserAccessBrand;

/**
 * Serves {@code /realms/{realm}/.well-known/smart-configuration}. Endpoint URLs are the realm's
 * {@link RealmEndpoints}, derived as Keycloak's own {@code openid-configuration} derives them, so the two documents
 * never disagree (Inferno cross-checks them). A registration endpoint is listed when another module offers one
 * ({@link DiscoveryContribution}: UDAP registration, once the realm has a trust community); the Brand Bundle and
 * the brand's primary identifier once an admin has described a complete brand.
 */
final class SmartConfigurationProvider implements WellKnownProvider {

    private final KeycloakSession session;

    SmartConfigurationProvider(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public Object getConfig() {
        RealmModel realm = session.getContext().getRealm();
        RealmEndpoints urls = RealmEndpoints.of(session, realm);
        SmartConfiguration.Endpoints endpoints = new SmartConfiguration.Endpoints(urls.issuer(), urls.jwksUri(),
                urls.authorizationEndpoint(), urls.tokenEndpoint(), urls.introspectionEndpoint(),
                urls.revocationEndpoint(), urls.userinfoEndpoint());
        SmartConfiguration configuration = new SmartConfiguration(endpoints, SmartScopes.all())
                .managementEndpoint(urls.accountApplications())
                .registrationEndpoint(registrationEndpoint(realm).orElse(null));
        RealmSettings.of(session, realm).userAccessBrand()
                .filter(UserAccessBrand::completeButForTheTimestamp)
                .ifPresent(brand -> configuration.userAccessBrand(
                        urls.issuer() + "/" + UserAccessBrandsResourceFactory.PROVIDER_ID, brand.primaryIdentifier().json()));
        return configuration.toJson();
    }

    private Optional<String> registrationEndpoint(RealmModel realm) {
        return session.getAllProviders(DiscoveryContribution.class).stream()
                .map(contribution -> contribution.registrationEndpoint(realm))
                .flatMap(Optional::stream)
                .sorted()
                .findFirst();
    }

    @Override
    public void close() {
    }
}
