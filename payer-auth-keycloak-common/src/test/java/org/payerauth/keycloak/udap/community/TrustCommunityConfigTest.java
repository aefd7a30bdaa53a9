package org.payerauth.keycloak.udap.community;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.payerauth.udap.devca.CertificateAuthority;
import org.payerauth.udap.devca.IssuedCertificate;
import org.payerauth.udap.devca.KeyAlgorithm;
import org.payerauth.udap.devca.LeafSpec;
import org.payerauth.udap.pki.Pem;
import org.payerauth.udap.pki.TrustCommunity;

/** A trust-community component's configuration, as an admin stores it, read into a {@link TrustCommunity}. */
class TrustCommunityConfigTest {

    private static final String URI = "udap://payer.example/community";

    private static CertificateAuthority root;
    private static CertificateAuthority intermediate;
    private static IssuedCertificate server;
    private static IssuedCertificate ecServer;

    @BeforeAll
    static void pki() {
        root = CertificateAuthority.newRoot("Config root", KeyAlgorithm.RSA_2048);
        intermediate = root.newIntermediate("Config CA", KeyAlgorithm.RSA_2048);
        server = intermediate.issue(LeafSpec.builder("Server").sanUri("https://fhir.payer.example/r4").build());
        ecServer = intermediate.issue(LeafSpec.builder("EC server").sanUri("https://fhir.payer.example/r4")
                .keyAlgorithm(KeyAlgorithm.EC_P256).build());
    }

    private static ComponentModel model() {
        ComponentModel model = new ComponentModel();
        model.setId("c-1");
        model.setConfig(new MultivaluedHashMap<>());
        model.getConfig().putSingle(TrustCommunityConfig.COMMUNITY_URI, URI);
        model.getConfig().add(TrustCommunityConfig.TRUST_ANCHORS, Pem.certificate(root.certificate()));
        return model;
    }

    private static String refused(ComponentModel model) {
        return assertThrows(ComponentValidationException.class, () -> TrustCommunityConfig.toCommunity(model)).getMessage();
    }

    @Test
    void aUriAndOneAnchorMakeACommunityWithFailClosedDistributionPointsAndB2bRequired() {
        TrustCommunity community = TrustCommunityConfig.toCommunity(model());
        assertEquals(URI, community.uri());
        assertEquals(List.of(root.certificate()), community.anchors());
        assertEquals(TrustCommunity.Revocation.FAIL_CLOSED_DISTRIBUTION_POINTS, community.revocation());
        assertTrue(community.b2bRequired());
        assertFalse(community.isDefault());
        assertTrue(community.serverIdentity().isEmpty());
    }

    @Test
    void theCommunityUriIsRequiredAndAbsolute() {
        ComponentModel missing = model();
        missing.getConfig().remove(TrustCommunityConfig.COMMUNITY_URI);
        assertTrue(refused(missing).contains(TrustCommunityConfig.COMMUNITY_URI));
        ComponentModel relative = model();
        relative.getConfig().putSingle(TrustCommunityConfig.COMMUNITY_URI, "community");
        assertTrue(refused(relative).contains("absolute"));
    }

    @Test
    void anAnchorThatIsNotPemIsNamedInTheMessage() {
        ComponentModel model = model();
        model.getConfig().putSingle(TrustCommunityConfig.TRUST_ANCHORS, "not a certificate");
        assertTrue(refused(model).startsWith("Trust anchors [" + TrustCommunityConfig.TRUST_ANCHORS + "]: a value is not a PEM certificate"),
                refused(model));
        ComponentModel none = model();
        none.getConfig().remove(TrustCommunityConfig.TRUST_ANCHORS);
        assertTrue(refused(none).contains("at least one"));
    }

    @Test
    void theConsoleShowsEachPemListAndEachKeyAsOneFileField_theKeysStaySecret() {
        for (org.keycloak.provider.ProviderConfigProperty property : TrustCommunityConfig.CONSOLE_PROPERTIES) {
            String expected = TrustCommunityConfig.PEM_LISTS.contains(property.getName())
                    || TrustCommunityConfig.KEYS.contains(property.getName())
                    ? org.keycloak.provider.ProviderConfigProperty.FILE_TYPE
                    : TrustCommunityConfig.PROPERTIES.stream().filter(p -> p.getName().equals(property.getName()))
                            .findFirst().orElseThrow().getType();
            assertEquals(expected, property.getType(), property.getName());
        }
        assertEquals(TrustCommunityConfig.PROPERTIES.size(), TrustCommunityConfig.CONSOLE_PROPERTIES.size());
        assertTrue(TrustCommunityConfig.CONSOLE_PROPERTIES.stream()
                .filter(p -> p.getName().equals(TrustCommunityConfig.SIGNING_KEY)
                        || p.getName().equals(TrustCommunityConfig.TIERED_CLIENT_KEY))
                .allMatch(p -> p.isSecret() && org.keycloak.provider.ProviderConfigProperty.FILE_TYPE.equals(p.getType())));
    }

    @Test
    void aCommunityWithItsPemListsJoinedIntoOneFileReadsTheSame() {
        ComponentModel model = model();
        model.getConfig().add(TrustCommunityConfig.TRUST_ANCHORS, Pem.certificate(intermediate.certificate()));
        model.getConfig().put(TrustCommunityConfig.SIGNING_CERTIFICATE_CHAIN, List.of(Pem.certificate(intermediate.certificate()),
                Pem.certificate(server.certificate())));
        model.getConfig().putSingle(TrustCommunityConfig.SIGNING_KEY, Pem.privateKey(server.privateKey()));
        ComponentModel joined = new ComponentModel(model);
        joined.setConfig(TrustCommunityConfig.withPemListsJoined(model.getConfig()));

        assertEquals(1, joined.getConfig().get(TrustCommunityConfig.TRUST_ANCHORS).size());
        assertEquals(1, joined.getConfig().get(TrustCommunityConfig.SIGNING_CERTIFICATE_CHAIN).size());
        TrustCommunity before = TrustCommunityConfig.toCommunity(model);
        TrustCommunity after = TrustCommunityConfig.toCommunity(joined);
        assertEquals(before.anchors(), after.anchors());
        assertEquals(before.serverIdentity().orElseThrow().chain(), after.serverIdentity().orElseThrow().chain());
        assertEquals(model.getConfig().get(TrustCommunityConfig.COMMUNITY_URI), joined.getConfig().get(TrustCommunityConfig.COMMUNITY_URI));
    }

    @Test
    void aKeyPastedIntoTheMaskedOneLineFieldIsRead() {
        ComponentModel model = model();
        model.getConfig().putSingle(TrustCommunityConfig.SIGNING_CERTIFICATE_CHAIN, Pem.certificate(server.certificate()));
        model.getConfig().putSingle(TrustCommunityConfig.SIGNING_KEY, Pem.privateKey(server.privateKey()).replace("\n", ""));
        assertEquals(server.certificate(), TrustCommunityConfig.toCommunity(model).serverIdentity().orElseThrow().certificate());
    }

    @Test
    void uploadedCrlsAreRead() {
        ComponentModel model = model();
        model.getConfig().putSingle(TrustCommunityConfig.REVOCATION_SOURCE, TrustCommunityConfig.SOURCE_UPLOADED_CRLS);
        model.getConfig().add(TrustCommunityConfig.CRLS, Pem.crl(root.crl()) + Pem.crl(intermediate.crl()));
        TrustCommunity community = TrustCommunityConfig.toCommunity(model);
        assertEquals(TrustCommunity.RevocationSource.UPLOADED_CRLS, community.revocation().source());
        assertEquals(2, community.uploadedCrls().size());
        ComponentModel bad = model();
        bad.getConfig().add(TrustCommunityConfig.CRLS, "no crl");
        assertTrue(refused(bad).startsWith("CRLs [" + TrustCommunityConfig.CRLS + "]"), refused(bad));
        ComponentModel badSource = model();
        badSource.getConfig().putSingle(TrustCommunityConfig.REVOCATION_SOURCE, "ocsp");
        assertTrue(refused(badSource).startsWith("Revocation source [" + TrustCommunityConfig.REVOCATION_SOURCE + "]"));
    }

    @Test
    void theServerChainIsOrderedFromTheKeysCertificateUpWhateverOrderTheStoreReturns() {
        ComponentModel model = model();
        model.getConfig().add(TrustCommunityConfig.SIGNING_CERTIFICATE_CHAIN, Pem.certificate(intermediate.certificate()));
        model.getConfig().add(TrustCommunityConfig.SIGNING_CERTIFICATE_CHAIN, Pem.certificate(server.certificate()));
        model.getConfig().putSingle(TrustCommunityConfig.SIGNING_KEY, Pem.privateKey(server.privateKey()));
        TrustCommunity.ServerIdentity identity = TrustCommunityConfig.toCommunity(model).serverIdentity().orElseThrow();
        assertEquals(List.of(server.certificate(), intermediate.certificate()), identity.chain());
    }

    @Test
    void theServerChainAndKeyGoTogetherAndMustMatch() {
        ComponentModel chainOnly = model();
        chainOnly.getConfig().add(TrustCommunityConfig.SIGNING_CERTIFICATE_CHAIN, Pem.certificate(server.certificate()));
        assertTrue(refused(chainOnly).contains("go together"));

        ComponentModel otherKey = model();
        otherKey.getConfig().add(TrustCommunityConfig.SIGNING_CERTIFICATE_CHAIN, Pem.certificate(server.certificate()));
        otherKey.getConfig().putSingle(TrustCommunityConfig.SIGNING_KEY, Pem.privateKey(intermediate.privateKey()));
        assertTrue(refused(otherKey).contains("does not belong"));

        ComponentModel ec = model();
        ec.getConfig().add(TrustCommunityConfig.SIGNING_CERTIFICATE_CHAIN, Pem.certificate(ecServer.certificate()));
        ec.getConfig().putSingle(TrustCommunityConfig.SIGNING_KEY, Pem.privateKey(ecServer.privateKey()));
        assertTrue(refused(ec).contains("RSA"));

        ComponentModel notAKey = model();
        notAKey.getConfig().add(TrustCommunityConfig.SIGNING_CERTIFICATE_CHAIN, Pem.certificate(server.certificate()));
        notAKey.getConfig().putSingle(TrustCommunityConfig.SIGNING_KEY, "secret");
        assertTrue(refused(notAKey).startsWith("Server private key [" + TrustCommunityConfig.SIGNING_KEY + "] is not"), refused(notAKey));
    }

    @Test
    void theVersionChangesWithAnyValueAndOnlyThen() {
        String version = TrustCommunityConfig.version(model());
        assertEquals(version, TrustCommunityConfig.version(model()));
        ComponentModel changed = model();
        changed.getConfig().putSingle(TrustCommunityConfig.B2B_REQUIRED, "false");
        assertNotEquals(version, TrustCommunityConfig.version(changed));
        assertFalse(TrustCommunityConfig.toCommunity(changed).b2bRequired());
    }

    @Test
    void trustedForDefaultsToClientAppsOnlyAndIdentityProvidersIsASeparateSwitch() {
        TrustCommunity plain = TrustCommunityConfig.toCommunity(model());
        assertTrue(plain.trusts(TrustCommunity.Use.CLIENT_APPS));
        assertTrue(!plain.trusts(TrustCommunity.Use.IDENTITY_PROVIDERS));
        ComponentModel model = model();
        model.getConfig().putSingle(TrustCommunityConfig.TRUSTED_FOR_IDENTITY_PROVIDERS, "true");
        model.getConfig().putSingle(TrustCommunityConfig.TRUSTED_FOR_CLIENTS, "false");
        TrustCommunity idpsOnly = TrustCommunityConfig.toCommunity(model);
        assertTrue(idpsOnly.trusts(TrustCommunity.Use.IDENTITY_PROVIDERS));
        assertTrue(!idpsOnly.trusts(TrustCommunity.Use.CLIENT_APPS));
    }

    @Test
    void aSeparateTieredClientIdentityIsUsedAtIdentityProvidersElseTheServerIdentity() {
        ComponentModel model = model();
        model.getConfig().add(TrustCommunityConfig.SIGNING_CERTIFICATE_CHAIN, Pem.certificate(server.certificate()));
        model.getConfig().putSingle(TrustCommunityConfig.SIGNING_KEY, Pem.privateKey(server.privateKey()));
        assertEquals(server.certificate(), TrustCommunityConfig.toCommunity(model).identityAtIdentityProviders().orElseThrow().certificate());
        IssuedCertificate client = intermediate.issue(LeafSpec.builder("tiered client")
                .sanUri("https://payer.example/tiered-client").build());
        model.getConfig().add(TrustCommunityConfig.TIERED_CLIENT_CERTIFICATE_CHAIN, Pem.certificate(client.certificate()));
        model.getConfig().putSingle(TrustCommunityConfig.TIERED_CLIENT_KEY, Pem.privateKey(client.privateKey()));
        TrustCommunity community = TrustCommunityConfig.toCommunity(model);
        assertEquals(client.certificate(), community.identityAtIdentityProviders().orElseThrow().certificate());
        assertEquals(server.certificate(), community.serverIdentity().orElseThrow().certificate(), "metadata is still signed by the server");
        model.getConfig().putSingle(TrustCommunityConfig.TIERED_CLIENT_KEY, Pem.privateKey(server.privateKey()));
        assertTrue(refused(model).contains(TrustCommunityConfig.TIERED_CLIENT_KEY), "the key must match the client certificate");
        model.getConfig().remove(TrustCommunityConfig.TIERED_CLIENT_KEY);
        assertTrue(refused(model).contains("go together"));
    }
}
