package org.payerauth.it.udap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.payerauth.it.smart.Members;
import org.payerauth.it.smart.SmartLaunchAccess;
import org.payerauth.it.support.AdminApi;
import org.payerauth.it.support.Http;
import org.payerauth.it.support.Jwt;
import org.payerauth.it.support.KeycloakIT;
import org.payerauth.it.support.KeycloakServer;
import org.payerauth.udap.devca.IssuedCertificate;
import org.payerauth.udap.devca.LeafSpec;
import org.payerauth.udap.registration.SoftwareStatementBuilder;

/**
 * B2B requests that say who asks, why and for whom (CMS-0057-F Provider Access and Payer-to-Payer; UDAP IG 2.0
 * b2b.md; PDex §pdex-201, §pdex-254, §pdex-290, §pdex-320, §pdex-321), over real HTTP with UDAP B2B and SMART Backend
 * Services clients: the validated {@code hl7-b2b} context in the token and in introspection, each malformed field
 * refused with {@code invalid_grant} naming it (and the assertion's {@code jti} still unused), member-scoped tokens
 * issued only as the member's choice allows and ended at introspection when it changes, no refresh into another
 * member, the events, and the community's B2B policy stated truthfully in {@code /.well-known/udap}.
 */
@KeycloakIT
class B2bContextIT {

    private static final String P2P_ISS = "https://new-plan.test/p2p";
    private static final String PA_ISS = "https://clinic.test/provider-access";
    private static final String PLAIN_ISS = "https://plain.test/b2b";
    private static final String NPI = "1234567893";
    private static final String BACKEND = "b2b-backend-services-test";
    private static final String FHIR_SERVER = SmartLaunchAccess.basic("fhir-server", "fhir-server-secret");

    private static UdapFixture fixture;
    private static KeycloakServer server;
    private static AdminApi admin;
    private static IssuedCertificate p2pCert;
    private static IssuedCertificate paCert;
    private static IssuedCertificate plainCert;
    private static String p2p;
    private static String pa;
    private static String plain;
    private static String backendId;
    private static RSAKey backendKey;

    @BeforeAll
    static void setUp(KeycloakServer keycloak, AdminApi adminApi) throws Exception {
        server = keycloak;
        admin = adminApi;
        fixture = new UdapFixture(server, admin);
        String crl = fixture.pki.crls.url("intermediate-a");
        p2pCert = fixture.pki.intermediateA.issue(LeafSpec.builder("New plan").sanUri(P2P_ISS).crlUrl(crl).build());
        paCert = fixture.pki.intermediateA.issue(LeafSpec.builder("Clinic").sanUri(PA_ISS).crlUrl(crl).build());
        plainCert = fixture.pki.intermediateA.issue(LeafSpec.builder("Plain").sanUri(PLAIN_ISS).crlUrl(crl).build());
        p2p = register(P2P_ISS, p2pCert);
        pa = register(PA_ISS, paCert);
        plain = register(PLAIN_ISS, plainCert);
        addOrganizationMapper(internalId(p2p), Map.of("b2b.api", "payer-to-payer"));
        addOrganizationMapper(internalId(pa), Map.of("b2b.api", "provider-access", "b2b.npi_groups", NPI + "=attributed-1"));
        // the new plan's client may refresh its member-scoped tokens (Keycloak's per-client switch)
        ObjectNode p2pClient = (ObjectNode) admin.getJson("/realms/payer/clients/" + internalId(p2p));
        ((ObjectNode) p2pClient.get("attributes")).put("client_credentials.use_refresh_token", "true");
        assertEquals(204, admin.putJson("/realms/payer/clients/" + internalId(p2p), p2pClient).statusCode());

        backendKey = new RSAKeyGenerator(2048).keyID("b2b-1").keyUse(com.nimbusds.jose.jwk.KeyUse.SIGNATURE).generate();
        ObjectNode client = Http.JSON.createObjectNode();
        client.put("clientId", BACKEND).put("enabled", true).put("protocol", "openid-connect").put("publicClient", false)
                .put("clientAuthenticatorType", "client-jwt").put("serviceAccountsEnabled", true)
                .put("standardFlowEnabled", false).put("fullScopeAllowed", false);
        client.putObject("attributes").put("use.jwks.string", "true")
                .put("jwks.string", new JWKSet(backendKey.toPublicJWK()).toString()).put("use.jwks.url", "false")
                .put("token.endpoint.auth.signing.max.exp", "300");
        client.putArray("defaultClientScopes").add("basic").add("smart-context");
        client.putArray("optionalClientScopes").add("system/*.read");
        assertEquals(201, admin.postJson("/realms/payer/clients", client).statusCode());
        backendId = internalId(BACKEND);
        addOrganizationMapper(backendId, Map.of("b2b.api", "payer-to-payer", "b2b.organization.id", "urn:oid:2.16.840.1.113883.3.999",
                "b2b.organization.name", "New Health Plan", "b2b.npi", "1245319599", "b2b.purpose_of_use", "COC TREAT"));
    }

    @AfterAll
    static void tearDown() {
        if (backendId != null) {
            admin.delete("/realms/payer/clients/" + backendId);
        }
        for (String clientId : new String[] {p2p, pa, plain}) {
            if (clientId != null) {
                admin.delete("/realms/payer/clients/" + internalId(clientId));
            }
        }
        fixture.close();
    }

    // ---------------------------------------------------------------- helpers

    private static String register(String iss, IssuedCertificate certificate) {
        HttpResponse<String> response = fixture.register(SoftwareStatementBuilder.registrationRequest(
                SoftwareStatementBuilder.clientCredentials(iss, fixture.registrationEndpoint()).scope("system/*.read")
                        .sign(certificate.privateKey(), certificate.chain())));
        assertTrue(response.statusCode() == 201 || response.statusCode() == 200, response.body());
        return Http.json(response).get("client_id").asText();
    }

    private static String internalId(String clientId) {
        return admin.getJson("/realms/payer/clients?clientId=" + clientId).get(0).get("id").asText();
    }

    private static void addOrganizationMapper(String internalId, Map<String, String> config) {
        Map<String, Object> mapper = Map.of("name", "B2B organization", "protocol", "openid-connect",
                "protocolMapper", "payer-b2b-organization-mapper", "config", config);
        HttpResponse<String> created = admin.postJson("/realms/payer/clients/" + internalId + "/protocol-mappers/models", mapper);
        assertEquals(201, created.statusCode(), created.body());
    }

    private static Map<String, Object> hl7B2b() {
        Map<String, Object> b2b = new LinkedHashMap<>();
        b2b.put("version", "1");
        b2b.put("subject_name", "Dr. Jane Smith");
        b2b.put("subject_id", "urn:oid:2.16.840.1.113883.4.6#" + NPI);
        b2b.put("organization_name", "Example Clinic");
        b2b.put("organization_id", "https://clinic.test/organization");
        b2b.put("purpose_of_use", List.of("urn:oid:2.16.840.1.113883.5.8#TREAT"));
        return b2b;
    }

    private static Map<String, Object> hl7B2bWith(Consumer<Map<String, Object>> change) {
        Map<String, Object> b2b = hl7B2b();
        change.accept(b2b);
        return b2b;
    }

    private static String assertion(String clientId, IssuedCertificate signer, Map<String, Object> extensions, String jti) {
        return ClientAssertions.sign(ClientAssertions.claims(clientId, fixture.tokenEndpoint()).jwtID(jti)
                .claim("extensions", extensions).build(), signer);
    }

    private static HttpResponse<String> udapToken(String clientId, IssuedCertificate signer, Map<String, Object> extensions,
                                                  String patient) {
        return udapToken(clientId, signer, extensions, patient, UUID.randomUUID().toString());
    }

    private static HttpResponse<String> udapToken(String clientId, IssuedCertificate signer, Map<String, Object> extensions,
                                                  String patient, String jti) {
        Map<String, String> form = ClientAssertions.form("client_credentials", assertion(clientId, signer, extensions, jti));
        form.put("scope", "system/*.read");
        if (patient != null) {
            form.put("patient", patient);
        }
        return Http.postForm(fixture.tokenEndpoint(), form);
    }

    private static HttpResponse<String> backendToken(String patient) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(BACKEND).subject(BACKEND).audience(fixture.tokenEndpoint())
                .expirationTime(new Date(System.currentTimeMillis() + 240_000)).jwtID(UUID.randomUUID().toString()).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS384).keyID("b2b-1").type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(backendKey));
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_assertion_type", ClientAssertions.JWT_BEARER);
        form.put("client_assertion", jwt.serialize());
        form.put("scope", "system/*.read");
        if (patient != null) {
            form.put("patient", patient);
        }
        return Http.postForm(fixture.tokenEndpoint(), form);
    }

    private static JsonNode accessToken(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        return Jwt.claims(Http.json(response).get("access_token").asText());
    }

    private static String raw(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        return Http.json(response).get("access_token").asText();
    }

    private static JsonNode introspect(String token) {
        HttpResponse<String> response = Http.postForm(server.realmUrl("payer") + "/protocol/openid-connect/token/introspect",
                Map.of("token", token), "Authorization", FHIR_SERVER);
        assertEquals(200, response.statusCode(), response.body());
        return Http.json(response);
    }

    private static JsonNode refused(HttpResponse<String> response, String error, String descriptionPart) {
        assertEquals(400, response.statusCode(), response.body());
        JsonNode body = Http.json(response);
        assertEquals(error, body.get("error").asText(), response.body());
        assertTrue(body.get("error_description").asText().contains(descriptionPart), response.body());
        assertFalse(body.has("access_token"));
        return body;
    }

    private static String newPatient() {
        return "b2b-" + UUID.randomUUID().toString().substring(0, 12);
    }

    /** A member whose own record is {@code patient}, with {@code choice} set to {@code value} by staff (if not null). */
    private static String memberWith(String patient, String choice, String current, String value) {
        String username = Members.create(admin, "Patient/" + patient, List.of(patient + "|Pat Member|1980-01-01"));
        if (choice != null) {
            change(username, patient, choice, current, value);
        }
        return username;
    }

    private static void change(String username, String patient, String choice, String current, String value) {
        HttpResponse<String> recorded = admin.postJson("/realms/payer/data-sharing/users/" + Members.id(admin, username)
                + "/patients/" + patient + "/choices/" + choice,
                Map.of("current", current, "value", value, "reason", "Member called"));
        assertEquals(200, recorded.statusCode(), recorded.body());
    }

    private static JsonNode lastEvent(String type, String clientId) {
        JsonNode events = admin.getJson("/realms/payer/events?type=" + type + "&client=" + clientId + "&max=1");
        assertTrue(events.size() > 0, "no " + type + " event for " + clientId);
        return events.get(0).get("details");
    }

    /** payer_auth_b2b_member_tokens_total of realm payer for {@code api} and {@code outcome}, from Keycloak's /metrics. */
    private static double memberTokens(String api, String outcome) {
        String url = server.managementUrl().orElseThrow(() -> new AssertionError(
                "this harness does not know the management port of " + server.describe())) + "/metrics";
        HttpResponse<String> response = Http.get(url);
        assertEquals(200, response.statusCode(), response.body());
        double sum = 0;
        for (String line : response.body().split("\n")) {
            if (line.startsWith("payer_auth_b2b_member_tokens_total{") && line.contains("realm=\"payer\"")
                    && line.contains("api=\"" + api + "\"") && line.contains("outcome=\"" + outcome + "\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    // ---------------------------------------------------------------- the B2B context

    @Test
    void udapB2bContext_isCarriedInTheTokenAndInIntrospection() {
        Map<String, Object> b2b = hl7B2bWith(m -> m.put("consent_policy", List.of("https://clinic.test/policy/treatment")));
        JsonNode access = accessToken(udapToken(pa, paCert, Map.of("hl7-b2b", b2b), null));
        assertEquals("provider-access", access.get("b2b_api").asText());
        assertEquals("https://clinic.test/organization", access.get("b2b_organization_id").asText());
        assertEquals("Example Clinic", access.get("b2b_organization_name").asText());
        assertEquals(NPI, access.get("b2b_npi").asText());
        assertEquals("attributed-1", access.get("b2b_group").asText(), "the administrator's NPI-to-Group mapping");
        assertEquals("[\"TREAT\"]", access.get("b2b_purpose_of_use").toString());
        assertEquals("[\"https://clinic.test/policy/treatment\"]", access.get("b2b_consent_policy").toString());
        assertEquals(PA_ISS, access.get("udap_iss").asText());
        assertEquals(UdapPki.COMMUNITY_A, access.get("udap_community").asText());
        assertEquals(43, access.get("udap_x5t#S256").asText().length(), "a base64url SHA-256 thumbprint");
        assertFalse(access.has("patient"), "no member unless one is asked for");

        String token = raw(udapToken(pa, paCert, Map.of("hl7-b2b", b2b), null));
        JsonNode introspected = introspect(token);
        assertTrue(introspected.get("active").asBoolean(), introspected.toString());
        for (String claim : List.of("b2b_api", "b2b_organization_id", "b2b_npi", "b2b_group", "b2b_purpose_of_use",
                "b2b_consent_policy", "udap_iss", "udap_community", "udap_x5t#S256")) {
            assertEquals(access.get(claim), introspected.get(claim), claim + " in " + introspected);
        }
        assertEquals(NPI, introspected.get("extensions").get("hl7-b2b").get("subject_id").asText().substring(30));

        JsonNode event = lastEvent("CLIENT_LOGIN", pa);
        assertEquals(NPI, event.get("b2b_npi").asText(), event.toString());
        assertEquals("https://clinic.test/organization", event.get("b2b_organization_id").asText());
        assertEquals("TREAT", event.get("b2b_purpose_of_use").asText());
    }

    @Test
    void aSubjectIdNamingAGroup_isAnOrganizationLevelProviderAccessToken() {
        JsonNode access = accessToken(udapToken(pa, paCert, Map.of("hl7-b2b", hl7B2bWith(m -> m.put("subject_id", "Group/org-7"))), null));
        assertEquals("org-7", access.get("b2b_group").asText());
        assertFalse(access.has("b2b_npi"));
        JsonNode bare = accessToken(udapToken(pa, paCert, Map.of("hl7-b2b", hl7B2bWith(m -> m.put("subject_id", "org-8"))), null));
        assertEquals("org-8", bare.get("b2b_group").asText(), "a bare FHIR id names a Group for a Provider Access client");
    }

    @Test
    void eachMalformedField_isInvalidGrantNamingIt_andLeavesTheJtiUnused() {
        Map<String, Map<String, Object>> broken = new LinkedHashMap<>();
        broken.put("version", Map.of("hl7-b2b", hl7B2bWith(m -> m.put("version", "2"))));
        broken.put("organization_id", Map.of("hl7-b2b", hl7B2bWith(m -> m.put("organization_id", "Example Clinic"))));
        broken.put("purpose_of_use", Map.of("hl7-b2b", hl7B2bWith(m -> m.put("purpose_of_use", List.of("urn:oid:2.16.840.1.113883.5.8#TREATX")))));
        broken.put("subject_id", Map.of("hl7-b2b", hl7B2bWith(m -> m.put("subject_id", "urn:oid:2.16.840.1.113883.4.6#1234567890"))));
        broken.put("consent_reference", Map.of("hl7-b2b", hl7B2bWith(m -> m.put("consent_reference", List.of("Consent/1")))));
        broken.put("subject_name", Map.of("hl7-b2b", hl7B2bWith(m -> m.put("subject_name", 42))));
        broken.put("user_person", Map.of("hl7-b2b", hl7B2b(), "hl7-b2b-user", Map.of("version", "1", "purpose_of_use", List.of("TREAT"))));
        for (Map.Entry<String, Map<String, Object>> entry : broken.entrySet()) {
            String jti = UUID.randomUUID().toString();
            refused(udapToken(pa, paCert, entry.getValue(), null, jti), "invalid_grant", entry.getKey());
            assertEquals(200, udapToken(pa, paCert, Map.of("hl7-b2b", hl7B2b()), null, jti).statusCode(),
                    "the refused assertion's jti was not used up: " + entry.getKey());
        }
        JsonNode error = lastEvent("CLIENT_LOGIN_ERROR", pa);
        assertTrue(error.toString().contains("user_person"), error.toString());
    }

    @Test
    void backendServicesClients_getTheContextTheirAdministratorRecorded() throws Exception {
        HttpResponse<String> response = backendToken(null);
        JsonNode access = accessToken(response);
        assertEquals("payer-to-payer", access.get("b2b_api").asText());
        assertEquals("urn:oid:2.16.840.1.113883.3.999", access.get("b2b_organization_id").asText());
        assertEquals("New Health Plan", access.get("b2b_organization_name").asText());
        assertEquals("1245319599", access.get("b2b_npi").asText());
        assertEquals("[\"COC\",\"TREAT\"]", access.get("b2b_purpose_of_use").toString());
        assertFalse(access.has("udap_iss"));
        JsonNode introspected = introspect(raw(backendToken(null)));
        assertEquals("1245319599", introspected.get("b2b_npi").asText(), introspected.toString());
        assertEquals("payer-to-payer", introspected.get("b2b_api").asText());

        Map<String, Object> badNpi = Map.of("name", "bad", "protocol", "openid-connect",
                "protocolMapper", "payer-b2b-organization-mapper", "config", Map.of("b2b.npi", "1245319590"));
        HttpResponse<String> refused = admin.postJson("/realms/payer/clients/" + backendId + "/protocol-mappers/models", badNpi);
        assertEquals(400, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("NPI"), refused.body());
    }

    // ---------------------------------------------------------------- member-scoped tokens

    @Test
    void payerToPayer_memberScopedTokens_onlyForMembersWhoOptedIn() throws Exception {
        String all = newPatient();
        memberWith(all, "PAYER_TO_PAYER", "NOT_SHARED", "ALL_DATA");
        String notSensitive = newPatient();
        memberWith(notSensitive, "PAYER_TO_PAYER", "NOT_SHARED", "ALL_EXCEPT_SENSITIVE");
        String never = newPatient();
        memberWith(never, null, null, null);
        double issuedBefore = memberTokens("payer-to-payer", "issued");
        double refusedBefore = memberTokens("payer-to-payer", "refused");

        JsonNode access = accessToken(udapToken(p2p, p2pCert, Map.of("hl7-b2b", hl7B2b()), all));
        assertEquals(all, access.get("patient").asText());
        assertEquals("include", access.get("sensitive_data").asText());
        assertTrue(access.get("scope").asText().contains("system/*.read"), access.toString());
        JsonNode event = lastEvent("CLIENT_LOGIN", p2p);
        assertEquals(all, event.get("patient").asText(), event.toString());
        assertEquals("payer-to-payer", event.get("b2b_api").asText());
        assertEquals(NPI, event.get("b2b_npi").asText());

        assertEquals("exclude", accessToken(udapToken(p2p, p2pCert, Map.of("hl7-b2b", hl7B2b()), notSensitive))
                .get("sensitive_data").asText());
        refused(udapToken(p2p, p2pCert, Map.of("hl7-b2b", hl7B2b()), never), "invalid_grant", "not opted in");
        JsonNode refusal = lastEvent("CLIENT_LOGIN_ERROR", p2p);
        assertEquals(never, refusal.get("patient").asText(), refusal.toString());
        assertEquals(2.0, memberTokens("payer-to-payer", "issued") - issuedBefore, "payer_auth_b2b_member_tokens_total");
        assertEquals(1.0, memberTokens("payer-to-payer", "refused") - refusedBefore);

        String backendMemberToken = raw(backendToken(all));
        assertEquals(all, Jwt.claims(backendMemberToken).get("patient").asText(), "SMART Backend Services alike");
        JsonNode introspected = introspect(backendMemberToken);
        assertTrue(introspected.get("active").asBoolean(), introspected.toString());
        assertEquals(all, introspected.get("patient").asText(), "a Backend Services client with the smart-context scope");
        assertEquals("include", introspected.get("sensitive_data").asText());
        refused(backendToken(never), "invalid_grant", "not opted in");
    }

    @Test
    void providerAccess_memberScopedTokens_unlessTheMemberOptedOut() {
        String shared = newPatient();
        memberWith(shared, null, null, null);
        String out = newPatient();
        memberWith(out, "PROVIDER_ACCESS", "SHARED", "OPTED_OUT");

        JsonNode access = accessToken(udapToken(pa, paCert, Map.of("hl7-b2b", hl7B2b()), shared));
        assertEquals(shared, access.get("patient").asText());
        assertEquals("exclude", access.get("sensitive_data").asText());
        refused(udapToken(pa, paCert, Map.of("hl7-b2b", hl7B2b()), out), "invalid_grant", "opted out");
    }

    @Test
    void aMemberScopedToken_isInactiveOnceTheMemberChangesTheirChoice() {
        String patient = newPatient();
        String username = memberWith(patient, "PAYER_TO_PAYER", "NOT_SHARED", "ALL_DATA");
        String token = raw(udapToken(p2p, p2pCert, Map.of("hl7-b2b", hl7B2b()), patient));
        JsonNode before = introspect(token);
        assertTrue(before.get("active").asBoolean(), before.toString());
        assertEquals(patient, before.get("patient").asText());
        assertEquals("include", before.get("sensitive_data").asText());

        change(username, patient, "PAYER_TO_PAYER", "ALL_DATA", "ALL_EXCEPT_SENSITIVE");
        assertEquals("exclude", introspect(token).get("sensitive_data").asText(), "narrowing takes effect at once");
        change(username, patient, "PAYER_TO_PAYER", "ALL_EXCEPT_SENSITIVE", "NOT_SHARED");
        assertEquals(Http.JSON.createObjectNode().put("active", false), introspect(token));
    }

    @Test
    void aRefresh_keepsTheMember_andCannotChangeIt() {
        String patient = newPatient();
        String username = memberWith(patient, "PAYER_TO_PAYER", "NOT_SHARED", "ALL_DATA");
        String other = newPatient();
        memberWith(other, "PAYER_TO_PAYER", "NOT_SHARED", "ALL_DATA");

        refused(refresh(memberRefreshToken(patient), other), "invalid_grant", "cannot change the member");
        String refreshToken = memberRefreshToken(patient);
        String later = memberRefreshToken(patient);
        JsonNode refreshed = accessToken(refresh(refreshToken, null));
        assertEquals(patient, refreshed.get("patient").asText());
        assertEquals(NPI, refreshed.get("b2b_npi").asText(), "the context travels with the refresh");

        change(username, patient, "PAYER_TO_PAYER", "ALL_DATA", "NOT_SHARED");
        refused(refresh(later, null), "invalid_grant", "not opted in");
    }

    private static String memberRefreshToken(String patient) {
        HttpResponse<String> issued = udapToken(p2p, p2pCert, Map.of("hl7-b2b", hl7B2b()), patient);
        assertEquals(200, issued.statusCode(), issued.body());
        return Http.json(issued).get("refresh_token").asText();
    }

    private static HttpResponse<String> refresh(String refreshToken, String patient) {
        Map<String, String> form = ClientAssertions.form("refresh_token", ClientAssertions.sign(
                ClientAssertions.claims(p2p, fixture.tokenEndpoint()).build(), p2pCert));
        form.put("refresh_token", refreshToken);
        if (patient != null) {
            form.put("patient", patient);
        }
        return Http.postForm(fixture.tokenEndpoint(), form);
    }

    @Test
    void aClientNotSetUpForACmsApi_orAMalformedPatient_getsNoMemberScopedToken() {
        String patient = newPatient();
        memberWith(patient, "PAYER_TO_PAYER", "NOT_SHARED", "ALL_DATA");
        refused(udapToken(plain, plainCert, Map.of("hl7-b2b", hl7B2b()), patient), "unauthorized_client", "not set up");
        refused(udapToken(p2p, p2pCert, Map.of("hl7-b2b", hl7B2b()), "Patient/" + patient), "invalid_request", "Patient FHIR id");
    }

    // ---------------------------------------------------------------- the community's B2B policy

    @Test
    void theCommunitysB2bPolicy_isEnforced_andStatedInDiscovery() {
        String path = "/realms/payer/components/" + fixture.communityA;
        ObjectNode original = (ObjectNode) admin.getJson(path);
        ObjectNode strict = original.deepCopy();
        ObjectNode config = (ObjectNode) strict.get("config");
        config.putArray("hl7B2bUserRequired").add("true");
        config.putArray("b2bSubjectIdIsNpi").add("true");
        config.putArray("b2bPurposesOfUse").add("urn:oid:2.16.840.1.113883.5.8#TREAT");
        assertEquals(204, admin.putJson(path, strict).statusCode());
        try {
            JsonNode metadata = Http.json(Http.get(server.realmUrl("payer") + "/.well-known/udap"));
            assertEquals("[\"hl7-b2b\",\"hl7-b2b-user\"]", metadata.get("udap_authorization_extensions_required").toString());
            assertEquals("[\"hl7-b2b\",\"hl7-b2b-user\"]", metadata.get("udap_authorization_extensions_supported").toString());

            Map<String, Object> user = Map.of("version", "1", "purpose_of_use", List.of("urn:oid:2.16.840.1.113883.5.8#TREAT"),
                    "user_person", Map.of("resourceType", "Person", "name", List.of(Map.of("family", "Smith"))));
            refused(udapToken(pa, paCert, Map.of("hl7-b2b", hl7B2b()), null), "invalid_grant", "hl7-b2b-user");
            refused(udapToken(pa, paCert, Map.of("hl7-b2b", hl7B2bWith(m -> m.put("purpose_of_use", List.of("TREAT"))),
                    "hl7-b2b-user", user), null), "invalid_grant", "purpose_of_use");
            refused(udapToken(pa, paCert, Map.of("hl7-b2b", hl7B2bWith(m -> m.put("subject_id", "Group/org-7")),
                    "hl7-b2b-user", user), null), "invalid_grant", "subject_id");
            JsonNode access = accessToken(udapToken(pa, paCert, Map.of("hl7-b2b", hl7B2b(), "hl7-b2b-user", user), null));
            assertEquals("Smith", access.get("b2b_user_person").get("name").get(0).get("family").asText());
            assertEquals("[\"urn:oid:2.16.840.1.113883.5.8#TREAT\"]", access.get("b2b_purpose_of_use").toString());
        } finally {
            ObjectNode restored = original.deepCopy();
            ObjectNode defaults = (ObjectNode) restored.get("config");
            defaults.putArray("hl7B2bUserRequired").add("false");
            defaults.putArray("b2bSubjectIdIsNpi").add("false");
            defaults.putArray("b2bPurposesOfUse");
            assertEquals(204, admin.putJson(path, restored).statusCode());
        }
        JsonNode metadata = Http.json(Http.get(server.realmUrl("payer") + "/.well-known/udap"));
        assertEquals("[\"hl7-b2b\"]", metadata.get("udap_authorization_extensions_required").toString());
    }
}
