package org.payerauth.keycloak.udap.discovery;

import java.util.List;
import java.util.Optional;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.wellknown.WellKnownProvider;
import org.payerauth.keycloak.common.settings.RealmSettings;
import org.payerauth.keycloak.udap.community.TrustCommunityComponentFactory;
import org.payerauth.udap.pki.TrustCommunity;
import org.payerauth.udap.metadata.SignedMetadataCache;
import org.payerauth.udap.metadata.UdapServerMetadata;

/**
 * {@code /realms/{realm}/.well-known/udap}: UDAP server metadata with {@code signed_metadata}.
 * <ul>
 *   <li>no trust community with a server certificate in the realm: {@code 404} (UDAP not offered);</li>
 *   <li>{@code ?community=URI} of a known community: signed with that community's certificate;</li>
 *   <li>{@code ?community=} unknown, or known without a server certificate: {@code 204 No Content};</li>
 *   <li>no {@code community}: the default community (else the first one with a server certificate).</li>
 * </ul>
 */
final class UdapMetadataProvider implements WellKnownProvider {

    static final String COMMUNITY_PARAM = "community";

    private static final Logger LOG = Logger.getLogger(UdapMetadataProvider.class);

    private final KeycloakSession session;
    private final SignedMetadataCache signed;

    UdapMetadataProvider(KeycloakSession session, SignedMetadataCache signed) {
        this.session = session;
        this.signed = signed;
    }

    @Override
    public Object getConfig() {
        RealmModel realm = session.getContext().getRealm();
        List<TrustCommunity> communities = TrustCommunityComponentFactory.of(session).communities(realm);
        if (communities.stream().noneMatch(c -> c.serverIdentity().isPresent())) {
            throw new NotFoundException("UDAP is not configured in this realm");
        }
        String requested = session.getContext().getUri().getQueryParameters().getFirst(COMMUNITY_PARAM);
        Optional<TrustCommunity> community;
        if (requested != null) {
            community = communities.stream().filter(c -> c.uri().equals(requested) && c.serverIdentity().isPresent()).findFirst();
            if (community.isEmpty()) {
                LOG.debugf("Realm '%s': /.well-known/udap asked for an unknown community", realm.getName());
                throw new WebApplicationException(Response.noContent().build());
            }
        } else {
            community = communities.stream().filter(c -> c.serverIdentity().isPresent()).findFirst();
        }
        String fhirBase = RealmSettings.of(session, realm).fhirBaseUrls()
                .orElseThrow(() -> new WebApplicationException("the realm's FHIR base URL setting is invalid",
                        Response.Status.SERVICE_UNAVAILABLE))
                .defaultUrl();
        TrustCommunity chosen = community.get();
        UdapServerMetadata.Capabilities capabilities = UdapEndpoints.capabilities(session, realm, chosen);
        // Everything the document depends on: the community's configuration, the FHIR base URL, the endpoints.
        String key = realm.getId() + "|" + chosen.version() + "|" + fhirBase + "|" + capabilities;
        return signed.document(key, now -> UdapServerMetadata.document(capabilities, fhirBase,
                chosen.serverIdentity().get(), now));
    }

    @Override
    public void close() {
    }
}
