package org.payerauth.udap.registration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.X509CertChainUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.payerauth.udap.devca.CertificateAuthority;
import org.payerauth.udap.devca.IssuedCertificate;
import org.payerauth.udap.devca.KeyAlgorithm;
import org.payerauth.udap.devca.LeafSpec;

class SoftwareStatementTest {

    private static final String ISS = "https://apps.example.org/app-a";
    private static final String REG = "https://auth.example.org/realms/payer/udap/register";

    private static CertificateAuthority intermediate;
    private static IssuedCertificate rsaClient;
    private static IssuedCertificate ecClient;
    private static IssuedCertificate ec384Client;

    @BeforeAll
    static void pki() {
        CertificateAuthority root = CertificateAuthority.newRoot("SS Root", KeyAlgorithm.EC_P256);
        intermediate = root.newIntermediate("SS Intermediate", KeyAlgorithm.EC_P256);
        rsaClient = intermediate.issue(LeafSpec.builder("RSA App").sanUri(ISS).build());
        ecClient = intermediate.issue(LeafSpec.builder("EC App").sanUri(ISS).keyAlgorithm(KeyAlgorithm.EC_P256).build());
        ec384Client = intermediate.issue(
                LeafSpec.builder("EC384 App").sanUri(ISS).keyAlgorithm(KeyAlgorithm.EC_P384).build());
    }

    @Test
    void rsaSignedStatementVerifiesAndCarriesChain() throws Exception {
        String jwt = SoftwareStatementBuilder.authorizationCode(ISS, REG).sign(rsaClient.privateKey(), rsaClient.chain());
        SignedJWT parsed = SignedJWT.parse(jwt);

        assertEquals(JWSAlgorithm.RS256, parsed.getHeader().getAlgorithm());
        assertTrue(parsed.verify(new RSASSAVerifier((RSAPublicKey) rsaClient.certificate().getPublicKey())));
        List<com.nimbusds.jose.util.Base64> x5c = parsed.getHeader().getX509CertChain();
        assertEquals(2, x5c.size());
        assertEquals(rsaClient.chain(), X509CertChainUtils.parse(x5c));
        assertArrayEquals(rsaClient.certificate().getEncoded(), x5c.get(0).decode());

        JWTClaimsSet claims = parsed.getJWTClaimsSet();
        assertEquals(ISS, claims.getIssuer());
        assertEquals(ISS, claims.getSubject());
        assertEquals(List.of(REG), claims.getAudience());
        assertEquals(List.of("authorization_code"), claims.getStringListClaim("grant_types"));
        assertEquals(List.of("code"), claims.getStringListClaim("response_types"));
        assertEquals(List.of("https://example.org/callback"), claims.getStringListClaim("redirect_uris"));
        assertEquals(List.of("mailto:dev@example.org"), claims.getStringListClaim("contacts"));
        assertEquals("https://example.org/logo.png", claims.getStringClaim("logo_uri"));
        assertEquals("Dev App", claims.getStringClaim("client_name"));
        assertEquals("private_key_jwt", claims.getStringClaim("token_endpoint_auth_method"));
        assertEquals("openid fhirUser launch/patient patient/*.read", claims.getStringClaim("scope"));
        assertEquals(Duration.ofMinutes(5),
                Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()));
        assertFalse(claims.getJWTID().isBlank());
    }

    @Test
    void ecAlgorithmsFollowTheCurve() throws Exception {
        SignedJWT es256 = SignedJWT.parse(SoftwareStatementBuilder.clientCredentials(ISS, REG).sign(ecClient.privateKey(), ecClient.chain()));
        assertEquals(JWSAlgorithm.ES256, es256.getHeader().getAlgorithm());
        assertTrue(es256.verify(new ECDSAVerifier((ECPublicKey) ecClient.certificate().getPublicKey())));

        SignedJWT es384 = SignedJWT.parse(SoftwareStatementBuilder.clientCredentials(ISS, REG).sign(ec384Client.privateKey(), ec384Client.chain()));
        assertEquals(JWSAlgorithm.ES384, es384.getHeader().getAlgorithm());
        assertTrue(es384.verify(new ECDSAVerifier((ECPublicKey) ec384Client.certificate().getPublicKey())));

        SignedJWT ps256 = SignedJWT.parse(SoftwareStatementBuilder.clientCredentials(ISS, REG).sign(rsaClient.privateKey(), rsaClient.chain(), JWSAlgorithm.PS256));
        assertEquals(JWSAlgorithm.PS256, ps256.getHeader().getAlgorithm());
        assertTrue(ps256.verify(new RSASSAVerifier((RSAPublicKey) rsaClient.certificate().getPublicKey())));

        assertThrows(IllegalArgumentException.class,
                () -> SoftwareStatementBuilder.clientCredentials(ISS, REG).sign(ecClient.privateKey(), ecClient.chain(), JWSAlgorithm.RS256));
    }

    @Test
    void clientCredentialsTemplate() throws Exception {
        Map<String, Object> claims = SoftwareStatementBuilder.clientCredentials(ISS, REG).claims();
        assertEquals(List.of("client_credentials"), claims.get("grant_types"));
        assertEquals("system/*.read", claims.get("scope"));
        assertFalse(claims.containsKey("redirect_uris"));
        assertFalse(claims.containsKey("response_types"));
        assertFalse(claims.containsKey("logo_uri"));
        assertEquals("private_key_jwt", claims.get("token_endpoint_auth_method"));
    }

    @Test
    void emptyGrantTypesSurviveSerialization() throws Exception {
        String jwt = SoftwareStatementBuilder.authorizationCode(ISS, REG).grantTypes(List.of()).sign(ecClient.privateKey(), ecClient.chain());
        Map<String, Object> payload = JSONObjectUtils.parse(SignedJWT.parse(jwt).getPayload().toString());
        assertTrue(payload.containsKey("grant_types"), "grant_types kept");
        assertInstanceOf(List.class, payload.get("grant_types"));
        assertTrue(((List<?>) payload.get("grant_types")).isEmpty());
        String rawJson = SignedJWT.parse(jwt).getPayload().toString().replace(" ", "");
        assertTrue(rawJson.contains("\"grant_types\":[]"), rawJson);
    }

    @Test
    void nullClaimRemovesIt() throws Exception {
        SoftwareStatementBuilder statement = SoftwareStatementBuilder.authorizationCode(ISS, REG).claim("jti", null)
                .claim("contacts", null).logoUri(null);
        assertFalse(statement.claims().containsKey("jti"));
        JWTClaimsSet claims = SignedJWT.parse(statement.sign(ecClient.privateKey(), ecClient.chain())).getJWTClaimsSet();
        assertNull(claims.getJWTID());
        assertNull(claims.getClaim("contacts"));
        assertNull(claims.getClaim("logo_uri"));
        assertEquals(ISS, claims.getIssuer());
    }

    @Test
    void settersAndTimes() throws Exception {
        Instant iat = Instant.parse("2025-06-01T12:00:00Z");
        SoftwareStatementBuilder statement = SoftwareStatementBuilder.authorizationCode(ISS, REG)
                .lifetime(Duration.ofMinutes(10))
                .issuedAt(iat)
                .jti("fixed-jti")
                .sub("someone-else")
                .aud("https://other.example/register")
                .clientName("Other")
                .redirectUris(List.of("https://a.example/cb", "https://b.example/cb"))
                .contacts(List.of("mailto:a@example.org"))
                .responseTypes(List.of("code"))
                .tokenEndpointAuthMethod("client_secret_basic")
                .scope("openid")
                .claim("extension", Map.of("k", "v"));
        JWTClaimsSet claims = SignedJWT.parse(statement.sign(rsaClient.privateKey(), rsaClient.chain())).getJWTClaimsSet();
        assertEquals(iat, claims.getIssueTime().toInstant());
        assertEquals(iat.plus(Duration.ofMinutes(10)), claims.getExpirationTime().toInstant());
        assertEquals("fixed-jti", claims.getJWTID());
        assertEquals("someone-else", claims.getSubject());
        assertEquals(List.of("https://other.example/register"), claims.getAudience());
        assertEquals("Other", claims.getStringClaim("client_name"));
        assertEquals(List.of("https://a.example/cb", "https://b.example/cb"), claims.getStringListClaim("redirect_uris"));
        assertEquals("client_secret_basic", claims.getStringClaim("token_endpoint_auth_method"));
        assertEquals(Map.of("k", "v"), claims.getJSONObjectClaim("extension"));
        assertEquals(iat.getEpochSecond(), statement.claims().get("iat"));
    }

    @Test
    void signWithForeignKeyKeepsChainButFailsVerification() throws Exception {
        String jwt = SoftwareStatementBuilder.authorizationCode(ISS, REG)
                .signWith(KeyAlgorithm.EC_P256.generate().getPrivate(), JWSAlgorithm.ES256, ecClient.chain());
        SignedJWT parsed = SignedJWT.parse(jwt);
        assertEquals(ecClient.chain(), X509CertChainUtils.parse(parsed.getHeader().getX509CertChain()));
        assertFalse(parsed.verify(new ECDSAVerifier((ECPublicKey) ecClient.certificate().getPublicKey())));
    }

    @Test
    void registrationRequestBody() throws Exception {
        String jwt = SoftwareStatementBuilder.clientCredentials(ISS, REG).sign(ecClient.privateKey(), ecClient.chain());
        String json = SoftwareStatementBuilder.registrationRequest(jwt);
        assertTrue(json.startsWith("{\"software_statement\":\"" + jwt + "\""), json);
        Map<String, Object> body = JSONObjectUtils.parse(json);
        assertEquals(jwt, body.get("software_statement"));
        assertEquals(List.of(), body.get("certifications"));
        assertEquals("1", body.get("udap"));
        assertEquals(3, body.size());
    }
}
