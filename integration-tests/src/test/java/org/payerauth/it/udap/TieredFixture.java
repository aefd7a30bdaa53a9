package org.payerauth.it.udap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.payerauth.it.smart.Members;
import org.payerauth.it.smart.RealmAttributesAccess;
import org.payerauth.it.smart.SmartLaunch;
import org.payerauth.it.support.AdminApi;
import org.payerauth.it.support.Http;
import org.payerauth.it.support.KeycloakServer;
import org.payerauth.udap.devca.CertificateAuthority;
import org.payerauth.udap.devca.IssuedCertificate;
import org.payerauth.udap.devca.KeyAlgorithm;
import org.payerauth.udap.devca.LeafSpec;
import org.payerauth.udap.pki.Pem;

/**
 * What a Tiered OAuth test needs, made through the admin REST API and removed on {@link #close()}: a community root;
 * in realm {@code payer} the community trusted for identity providers (with the payer's server certificate) and the
 * development switch that lets it reach http://localhost; in realm {@code member-idp} (from {@code realm-export/}) the
 * same community with that realm's own certificate, so it serves signed metadata and accepts the payer's
 * registration; and the public test app {@value #APP} with the {@code udap} scope.
 */
public final class TieredFixture implements AutoCloseable {

    public static final String COMMUNITY = "udap://payer-auth.test/tiered";
    public static final String APP = "tiered-test-app";
    public static final String IDP_REALM = "member-idp";

    public final KeycloakServer server;
    public final AdminApi admin;
    public final CertificateAuthority root;
    private final String communityId;
    private final String idpCommunityId;
    private final String appId;

    public TieredFixture(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
        root = CertificateAuthority.newRoot("Tiered Community Root", KeyAlgorithm.RSA_2048);
        IssuedCertificate payerServer = root.issue(LeafSpec.builder("payer-auth server (tiered)")
                .sanUri(UdapFixture.fhirBaseUrl(server)).build());
        Map<String, Object> component = component("payer", payerServer, true);
        @SuppressWarnings("unchecked")
        Map<String, List<String>> config = (Map<String, List<String>>) component.get("config");
        config.put("trustedForClientApps", List.of("false"));
        config.put("trustedForIdentityProviders", List.of("true"));
        communityId = Communities.create(admin, component);
        RealmAttributesAccess.set(admin, "udap.tiered.allowInsecureIdps", "true");
        // Every test IdP is a new identity provider: the suite makes more first registrations than a realm does an hour.
        RealmAttributesAccess.set(admin, "udap.tiered.maxNewIdentityProvidersPerHour", "1000");

        IssuedCertificate idpServer = root.issue(LeafSpec.builder("member IdP server").sanUri(server.realmUrl(IDP_REALM)).build());
        idpCommunityId = Communities.create(admin, IDP_REALM, component(IDP_REALM, idpServer, true));

        ObjectNode app = Http.JSON.createObjectNode();
        app.put("clientId", APP).put("enabled", true).put("protocol", "openid-connect").put("publicClient", true)
                .put("standardFlowEnabled", true).put("consentRequired", true).put("fullScopeAllowed", false);
        app.putArray("redirectUris").add(SmartLaunch.REDIRECT_URI);
        app.putObject("attributes").put("pkce.code.challenge.method", "S256");
        app.putArray("defaultClientScopes").add("basic").add("profile").add("email").add("smart-context");
        app.putArray("optionalClientScopes").add("launch/patient").add("fhirUser").add("patient/*.rs").add("udap")
                .add("offline_access");
        HttpResponse<String> created = admin.postJson("/realms/payer/clients", app);
        assertEquals(201, created.statusCode(), created.body());
        appId = admin.getJson("/realms/payer/clients?clientId=" + APP).get(0).get("id").asText();
    }

    /** How many Tiered OAuth identity providers the payer realm has now. */
    public long tieredProviders() {
        long n = 0;
        for (JsonNode provider : admin.getJson("/realms/payer/identity-provider/instances")) {
            if ("udap-tiered".equals(provider.path("providerId").asText())) {
                n++;
            }
        }
        return n;
    }

    /**
     * Another community of the payer realm trusted for identity providers, with the same root (so every test IdP is
     * in both) and a payer server certificate of its own; returns its component id (remove it with
     * {@link #removeCommunity}).
     */
    public String addIdpCommunity(String uri) {
        IssuedCertificate payerServer = root.issue(LeafSpec.builder("payer-auth server (" + uri + ")")
                .sanUri(UdapFixture.fhirBaseUrl(server)).build());
        Map<String, Object> component = component("payer", uri, payerServer, false);
        @SuppressWarnings("unchecked")
        Map<String, List<String>> config = (Map<String, List<String>>) component.get("config");
        config.put("trustedForClientApps", List.of("false"));
        config.put("trustedForIdentityProviders", List.of("true"));
        return Communities.create(admin, component);
    }

    public void removeCommunity(String componentId) {
        Communities.delete(admin, componentId);
    }

    /** The community's component for a realm, with uploaded CRLs of the root (its certificates name no CRL). */
    private Map<String, Object> component(String realm, IssuedCertificate identity, boolean isDefault) {
        return component(realm, COMMUNITY, identity, isDefault);
    }

    private Map<String, Object> component(String realm, String uri, IssuedCertificate identity, boolean isDefault) {
        Map<String, Object> component = Communities.component(Communities.realmId(admin, realm), uri,
                realm.equals("payer") ? false : isDefault, root, identity);
        @SuppressWarnings("unchecked")
        Map<String, List<String>> config = (Map<String, List<String>>) component.get("config");
        config.put("revocationSource", List.of("uploaded-crls"));
        config.put("crls", List.of(Pem.crl(root.crl())));
        return component;
    }

    /** A payer member and the same person at the member-idp realm (same username and password, same verified email). */
    public String personAtBoth(List<String> patients) {
        String member = Members.create(admin, "Patient/" + patients.get(0), patients);
        Map<String, Object> user = Map.of("username", member, "enabled", true, "email", member + "@member.example",
                "emailVerified", true, "firstName", "Test", "lastName", "Person",
                "credentials", List.of(Map.of("type", "password", "value", member, "temporary", false)));
        HttpResponse<String> created = admin.postJson("/realms/" + IDP_REALM + "/users", user);
        assertEquals(201, created.statusCode(), created.body());
        return member;
    }

    /** Gives the payer's community a new server certificate and key (what an administrator does on renewal). */
    public void renewPayerServerCertificate() {
        IssuedCertificate renewed = root.issue(LeafSpec.builder("payer-auth server (tiered, renewed)")
                .sanUri(UdapFixture.fhirBaseUrl(server)).build());
        ObjectNode component = admin.getJson("/realms/payer/components/" + communityId).deepCopy();
        ObjectNode config = (ObjectNode) component.get("config");
        com.fasterxml.jackson.databind.node.ArrayNode chain = config.putArray("signingCertificateChain");
        renewed.chain().forEach(c -> chain.add(Pem.certificate(c)));
        config.putArray("signingKey").add(Pem.privateKey(renewed.privateKey()));
        HttpResponse<String> updated = admin.putJson("/realms/payer/components/" + communityId, component);
        assertEquals(204, updated.statusCode(), updated.body());
    }

    /** Sets (or with null removes) the payer community's separate Tiered OAuth client certificate and key. */
    public void setTieredClientIdentity(IssuedCertificate identity) {
        ObjectNode component = admin.getJson("/realms/payer/components/" + communityId).deepCopy();
        ObjectNode config = (ObjectNode) component.get("config");
        com.fasterxml.jackson.databind.node.ArrayNode chain = config.putArray("tieredClientCertificateChain");
        com.fasterxml.jackson.databind.node.ArrayNode key = config.putArray("tieredClientKey");
        if (identity != null) {
            identity.chain().forEach(c -> chain.add(Pem.certificate(c)));
            key.add(Pem.privateKey(identity.privateKey()));
        }
        HttpResponse<String> updated = admin.putJson("/realms/payer/components/" + communityId, component);
        assertEquals(204, updated.statusCode(), updated.body());
    }

    @Override
    public void close() {
        for (JsonNode provider : admin.getJson("/realms/payer/identity-provider/instances")) {
            if ("udap-tiered".equals(provider.path("providerId").asText())) {
                admin.delete("/realms/payer/identity-provider/instances/" + provider.get("alias").asText());
            }
        }
        if (appId != null) {
            admin.delete("/realms/payer/clients/" + appId);
        }
        Communities.delete(admin, communityId);
        Communities.delete(admin, IDP_REALM, idpCommunityId);
        RealmAttributesAccess.set(admin, "udap.tiered.allowInsecureIdps", "");
        RealmAttributesAccess.set(admin, "udap.tiered.maxNewIdentityProvidersPerHour", "");
    }
}
