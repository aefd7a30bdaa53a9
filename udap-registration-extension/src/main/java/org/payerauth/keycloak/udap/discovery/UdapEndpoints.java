package org.payerauth.keycloak.udap.discovery;

import java.util.List;

import org.payerauth.b2b.AuthorizationExtensions;
import org.payerauth.b2b.B2bPolicy;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.payerauth.fhir.SmartScopes;
import org.payerauth.keycloak.common.discovery.DiscoveryContribution;
import org.payerauth.keycloak.common.endpoints.RealmEndpoints;
import org.payerauth.udap.metadata.UdapServerMetadata;
import org.payerauth.udap.pki.TrustCommunity;
import org.payerauth.udap.registration.ClientMetadata;

/** What UDAP metadata advertises for a community: the realm's endpoints ({@link RealmEndpoints}) and capabilities. */
final class UdapEndpoints {

    private UdapEndpoints() {
    }

    /** Every scope UDAP apps may be granted: the SMART catalogue and the B2B {@code system/} scopes. */
    private static final List<String> SCOPES = java.util.stream.Stream.concat(SmartScopes.all().stream(),
            SmartScopes.systemScopes().stream()).toList();

    static UdapServerMetadata.Capabilities capabilities(KeycloakSession session, RealmModel realm, TrustCommunity community) {
        RealmEndpoints endpoints = RealmEndpoints.of(session, realm);
        List<String> profiles = new java.util.ArrayList<>(List.of("udap_dcr", "udap_authn", "udap_authz"));
        java.util.LinkedHashSet<String> scopes = new java.util.LinkedHashSet<>(SCOPES);
        for (DiscoveryContribution contribution : session.getAllProviders(DiscoveryContribution.class)) {
            contribution.udapProfiles(realm).stream().filter(p -> !profiles.contains(p)).forEach(profiles::add);
            scopes.addAll(contribution.udapScopes(realm));
        }
        return new UdapServerMetadata.Capabilities(
                endpoints.authorizationEndpoint(),
                endpoints.tokenEndpoint(),
                endpoints.udapRegistrationEndpoint(),
                List.of(ClientMetadata.AUTHORIZATION_CODE, ClientMetadata.REFRESH_TOKEN, ClientMetadata.CLIENT_CREDENTIALS),
                List.copyOf(profiles),
                List.of(AuthorizationExtensions.HL7_B2B, AuthorizationExtensions.HL7_B2B_USER),
                requiredExtensions(community.b2b()),
                List.copyOf(scopes))
                .withCertifications(certifications(session, realm, community, false),
                        certifications(session, realm, community, true));
    }

    /** The certification URIs the community's apps may present ({@code required}: must present). */
    private static List<String> certifications(KeycloakSession session, RealmModel realm, TrustCommunity community,
                                               boolean required) {
        return org.payerauth.keycloak.udap.community.TrustCommunityComponentFactory.of(session)
                .certifications(realm, community).stream()
                .filter(definition -> !required || definition.required())
                .map(org.payerauth.udap.certification.CertificationDefinition::uri).toList();
    }

    /** What the community requires, as {@code udap_authorization_extensions_required} says it. */
    private static List<String> requiredExtensions(B2bPolicy policy) {
        List<String> required = new java.util.ArrayList<>();
        if (policy.hl7B2bRequired()) {
            required.add(AuthorizationExtensions.HL7_B2B);
        }
        if (policy.hl7B2bUserRequired()) {
            required.add(AuthorizationExtensions.HL7_B2B_USER);
        }
        return List.copyOf(required);
    }
}
