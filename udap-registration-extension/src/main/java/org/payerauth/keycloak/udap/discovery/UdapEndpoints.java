package org.payerauth.keycloak.udap.discovery;

import java.util.List;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCWellKnownProviderFactory;
import org.keycloak.protocol.oidc.representations.OIDCConfigurationRepresentation;
import org.keycloak.services.clientregistration.ClientRegistrationService;
import org.keycloak.services.resources.RealmsResource;
import org.keycloak.urls.UrlType;
import org.keycloak.wellknown.WellKnownProvider;
import org.payerauth.keycloak.udap.registration.UdapRegistrationProviderFactory;
import org.payerauth.fhir.SmartScopes;
import org.payerauth.udap.registration.ClientMetadata;
import org.payerauth.udap.metadata.UdapServerMetadata;

/** The realm's endpoints as UDAP metadata advertises them (same URLs as Keycloak's openid-configuration). */
public final class UdapEndpoints {

    private UdapEndpoints() {
    }

    /** {@code {server}/realms/{realm}/clients-registrations/udap}: what metadata advertises and statements must name in aud. */
    public static String registrationEndpoint(KeycloakSession session, RealmModel realm) {
        return RealmsResource.clientRegistrationUrl(session.getContext().getUri(UrlType.BACKEND))
                .path(ClientRegistrationService.class, "provider")
                .build(realm.getName(), UdapRegistrationProviderFactory.PROVIDER_ID).toString();
    }

    public static UdapServerMetadata.Capabilities capabilities(KeycloakSession session, RealmModel realm,
                                                               org.payerauth.udap.pki.TrustCommunity community) {
        WellKnownProvider oidc = session.getProvider(WellKnownProvider.class, OIDCWellKnownProviderFactory.PROVIDER_ID);
        OIDCConfigurationRepresentation config = (OIDCConfigurationRepresentation) oidc.getConfig();
        return new UdapServerMetadata.Capabilities(
                config.getAuthorizationEndpoint(),
                config.getTokenEndpoint(),
                registrationEndpoint(session, realm),
                List.of(ClientMetadata.AUTHORIZATION_CODE, ClientMetadata.REFRESH_TOKEN, ClientMetadata.CLIENT_CREDENTIALS),
                List.of("udap_dcr", "udap_authn", "udap_authz"),
                List.of(org.payerauth.udap.clientauth.Hl7B2bExtension.NAME),
                community.b2bRequired() ? List.of(org.payerauth.udap.clientauth.Hl7B2bExtension.NAME) : List.of(),
                SmartScopes.all());
    }
}
