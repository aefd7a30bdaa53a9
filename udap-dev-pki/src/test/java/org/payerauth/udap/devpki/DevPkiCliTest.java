package org.payerauth.udap.devpki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.X509CertChainUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.payerauth.udap.pki.Pem;

class DevPkiCliTest {

    private static final String SERVER = "https://localhost:8443/fhir";
    private static final String COMMUNITY = "urn:oid:2.16.840.1.113883.3.7204.1.5";
    private static final String APP = "https://apps.example.org/app-a";
    private static final String REG = "https://localhost:8443/realms/payer/udap/register";

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = DevPkiCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void communityClientStatementEndToEnd(@TempDir Path tmp) throws Exception {
        Path ca = tmp.resolve("ca");
        Path client = tmp.resolve("client");

        Result community = run("community", "--out", ca.toString(), "--name", "Dev Community",
                "--server-san", SERVER, "--community-uri", COMMUNITY);
        assertEquals(0, community.code(), community.err());
        for (String f : List.of("root.pem", "root.key", "intermediate.pem", "intermediate.key", "server.pem",
                "server.key")) {
            assertTrue(Files.isRegularFile(ca.resolve(f)), f);
        }
        X509Certificate root = Pem.readCertificates(ca.resolve("root.pem")).get(0);
        X509Certificate intermediate = Pem.readCertificates(ca.resolve("intermediate.pem")).get(0);
        List<X509Certificate> server = Pem.readCertificates(ca.resolve("server.pem"));
        assertEquals(List.of(intermediate), server.subList(1, 2));
        assertEquals(2, server.size());
        assertTrue(server.get(0).getSubjectAlternativeNames().contains(List.of(6, SERVER)));
        assertTrue(intermediate.getSubjectAlternativeNames().contains(List.of(6, COMMUNITY)));
        pkixValidate(server, root);
        assertMatches(Pem.readPrivateKey(ca.resolve("server.key")), server.get(0));
        if (Files.getFileStore(ca).supportsFileAttributeView("posix")) {
            for (String key : List.of("root.key", "intermediate.key", "server.key")) {
                assertEquals("rw-------",
                        PosixFilePermissions.toString(Files.getPosixFilePermissions(ca.resolve(key))), key);
            }
        }

        Result issued = run("client", "--ca", ca.toString(), "--out", client.toString(), "--san", APP,
                "--san", "https://apps.example.org/app-a/v2");
        assertEquals(0, issued.code(), issued.err());
        List<X509Certificate> clientChain = Pem.readCertificates(client.resolve("client.pem"));
        assertEquals(2, clientChain.size());
        assertEquals(intermediate, clientChain.get(1));
        pkixValidate(clientChain, root);
        assertTrue(clientChain.get(0).getSubjectAlternativeNames().contains(List.of(6, APP)));

        Result statement = run("statement", "--client", client.toString(), "--aud", REG, "--iss", APP,
                "--redirect-uri", "https://apps.example.org/cb", "--contact", "mailto:ops@example.org",
                "--scope", "openid patient/*.read");
        assertEquals(0, statement.code(), statement.err());
        assertEquals("", statement.err());
        assertEquals(1, statement.out().strip().lines().count(), "only the JSON body on stdout");

        Map<String, Object> body = JSONObjectUtils.parse(statement.out());
        assertEquals("1", body.get("udap"));
        assertEquals(List.of(), body.get("certifications"));
        SignedJWT jwt = SignedJWT.parse((String) body.get("software_statement"));
        assertEquals(JWSAlgorithm.RS256, jwt.getHeader().getAlgorithm());
        assertTrue(jwt.verify(new RSASSAVerifier((RSAPublicKey) clientChain.get(0).getPublicKey())));
        assertEquals(clientChain, X509CertChainUtils.parse(jwt.getHeader().getX509CertChain()));
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertEquals(APP, claims.getIssuer());
        assertEquals(APP, claims.getSubject());
        assertEquals(List.of(REG), claims.getAudience());
        assertEquals(List.of("authorization_code"), claims.getStringListClaim("grant_types"));
        assertEquals(List.of("https://apps.example.org/cb"), claims.getStringListClaim("redirect_uris"));
        assertEquals(List.of("mailto:ops@example.org"), claims.getStringListClaim("contacts"));
        assertEquals("openid patient/*.read", claims.getStringClaim("scope"));

        // existing files are kept unless --force
        Result again = run("client", "--ca", ca.toString(), "--out", client.toString(), "--san", APP);
        assertEquals(1, again.code());
        assertTrue(again.err().contains("--force"), again.err());
        assertEquals(clientChain, Pem.readCertificates(client.resolve("client.pem")));
        Result communityAgain = run("community", "--out", ca.toString(), "--name", "X", "--server-san", SERVER);
        assertEquals(1, communityAgain.code());
        assertEquals(root, Pem.readCertificates(ca.resolve("root.pem")).get(0));

        // EC client, client_credentials, cancel
        Result ec = run("client", "--ca", ca.toString(), "--out", client.toString(), "--san", APP, "--ec", "--force");
        assertEquals(0, ec.code(), ec.err());
        List<X509Certificate> ecChain = Pem.readCertificates(client.resolve("client.pem"));
        Result cancel = run("statement", "--client", client.toString(), "--aud", REG, "--iss", APP,
                "--grant", "client_credentials", "--cancel", "--auth-method", "client_secret_basic",
                "--client-name", "B2B App");
        assertEquals(0, cancel.code(), cancel.err());
        SignedJWT cancelJwt = SignedJWT.parse((String) JSONObjectUtils.parse(cancel.out()).get("software_statement"));
        assertEquals(JWSAlgorithm.ES256, cancelJwt.getHeader().getAlgorithm());
        assertTrue(cancelJwt.verify(new ECDSAVerifier((ECPublicKey) ecChain.get(0).getPublicKey())));
        Map<String, Object> payload = JSONObjectUtils.parse(cancelJwt.getPayload().toString());
        assertEquals(List.of(), payload.get("grant_types"));
        assertEquals("client_secret_basic", payload.get("token_endpoint_auth_method"));
        assertEquals("B2B App", payload.get("client_name"));
        assertFalse(payload.containsKey("redirect_uris"));

        // A community component signed with another identity of the community, trusted for identity providers.
        Result component = run("component", "--ca", ca.toString(), "--community-uri", "udap://dev/community",
                "--identity", client.toString(), "--trusted-for-identity-providers", "--not-for-client-apps");
        assertEquals(0, component.code(), component.err());
        @SuppressWarnings("unchecked")
        Map<String, List<String>> config = (Map<String, List<String>>) (Map<?, ?>) JSONObjectUtils.parse(component.out())
                .get("config");
        assertEquals(List.of("true"), config.get("trustedForIdentityProviders"));
        assertEquals(List.of("false"), config.get("trustedForClientApps"));
        assertEquals(Pem.certificate(ecChain.get(0)), config.get("signingCertificateChain").get(0));
        Result plain = run("component", "--ca", ca.toString(), "--community-uri", "udap://dev/community");
        assertTrue(plain.out().contains("\"trustedForIdentityProviders\":[\"false\"]"), plain.out());
    }

    @Test
    void aPrivacyCertificationForTheSampleApp_isSignedByACertifier_andVerifiesAgainstTheCommunity(@TempDir Path tmp)
            throws Exception {
        Path ca = tmp.resolve("ca");
        Path certifier = tmp.resolve("certifier");
        Path client = tmp.resolve("client");
        assertEquals(0, run("community", "--out", ca.toString(), "--name", "C", "--server-san", SERVER).code());
        assertEquals(0, run("client", "--ca", ca.toString(), "--out", certifier.toString(), "--san",
                "https://certifier.example.org", "--name", "Dev Certifier").code());
        assertEquals(0, run("client", "--ca", ca.toString(), "--out", client.toString(), "--san", APP).code());
        String uri = "https://certifier.example.org/certifications/privacy";
        Result certification = run("certification", "--certifier", certifier.toString(), "--sub", APP,
                "--certification-uri", uri, "--name", "Dev Privacy", "--privacy-policy", "https://apps.example.org/privacy",
                "--disclosure", "sells_data=false", "--disclosure", "data_storage=us");
        assertEquals(0, certification.code(), certification.err());
        String jwt = certification.out().trim();
        Path file = tmp.resolve("privacy.jwt");
        Files.writeString(file, jwt);

        org.payerauth.udap.pki.TrustCommunity community = new org.payerauth.udap.pki.TrustCommunity("udap://dev", false,
                org.payerauth.udap.pki.Pem.readCertificates(Files.readString(ca.resolve("root.pem"))), java.util.List.of(),
                new org.payerauth.udap.pki.TrustCommunity.Revocation(
                        org.payerauth.udap.pki.TrustCommunity.RevocationSource.UPLOADED_CRLS, true),
                java.util.List.of(), java.util.Optional.empty(), "1");
        java.util.List<org.payerauth.udap.certification.AcceptedCertification> accepted =
                new org.payerauth.udap.certification.CertificationVerifier(
                        new org.payerauth.udap.pki.CertificateChainValidator(java.time.Clock.systemUTC(), java.time.Duration.ofMinutes(1)),
                        java.time.Clock.systemUTC())
                        .verify(java.util.List.of(jwt), APP, java.util.List.of("authorization_code"), REG,
                                java.util.List.of(new org.payerauth.udap.certification.CertificationDefinition(uri, "Dev Privacy",
                                        community, true, true)),
                                org.payerauth.udap.RegistrationSettings.defaults(), url -> null, message -> { });
        assertEquals(1, accepted.size());
        assertEquals(java.util.Map.of("privacy_policy", "https://apps.example.org/privacy", "sells_data", false, "data_storage", "us"),
                accepted.get(0).extensions().get("example_privacy_disclosures"));

        Result statement = run("statement", "--client", client.toString(), "--aud", REG, "--iss", APP,
                "--certification", file.toString());
        assertEquals(0, statement.code(), statement.err());
        assertTrue(statement.out().contains("\"certifications\":[\"" + jwt + "\"]"), statement.out());

        Result component = run("component", "--ca", ca.toString(), "--community-uri", "udap://dev/community",
                "--certification-uri", uri, "--certification-name", "Dev Privacy", "--certification-required",
                "--certification-privacy");
        assertTrue(component.out().contains("\"certificationUri\":[\"" + uri + "\"]"), component.out());
        assertTrue(component.out().contains("\"certificationRequired\":[\"true\"]"), component.out());
    }

    @Test
    void issNotInSanWarnsOnStderrOnly(@TempDir Path tmp) throws Exception {
        Path ca = tmp.resolve("ca");
        Path client = tmp.resolve("client");
        assertEquals(0, run("community", "--out", ca.toString(), "--name", "C", "--server-san", SERVER).code());
        assertEquals(0, run("client", "--ca", ca.toString(), "--out", client.toString(), "--san", APP, "--ec").code());
        Result r = run("statement", "--client", client.toString(), "--aud", REG, "--iss", "https://elsewhere.example");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("warning"), r.err());
        JSONObjectUtils.parse(r.out());
    }

    @Test
    void helpAndBadUsage(@TempDir Path tmp) {
        Result help = run("--help");
        assertEquals(0, help.code());
        assertTrue(help.out().startsWith("Usage: java -jar udap-dev-pki.jar"), help.out());
        assertEquals(0, run("client", "--help").code());

        assertEquals(2, run().code());
        Result unknown = run("frobnicate");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("unknown command"));
        assertTrue(unknown.err().contains("Usage:"));
        assertEquals(2, run("community", "--out", tmp.toString(), "--name", "X").code(), "missing --server-san");
        assertEquals(2, run("community", "--out").code(), "missing value");
        assertEquals(2, run("community", "--bogus", "1").code());
        assertEquals(2, run("client", "--ca", tmp.toString(), "--out", tmp.toString()).code(), "missing --san");
        assertEquals(2, run("statement", "--client", tmp.toString(), "--aud", REG, "--iss", APP, "--grant",
                "implicit").code());
        assertEquals(2, run("statement", "--client", tmp.toString(), "--aud", REG).code());
    }

    @Test
    void failuresExitWithOne(@TempDir Path tmp) {
        Result missingCa = run("client", "--ca", tmp.resolve("nope").toString(), "--out", tmp.toString(), "--san", APP);
        assertEquals(1, missingCa.code());
        assertTrue(missingCa.err().contains("intermediate.pem"), missingCa.err());
        Result missingClient = run("statement", "--client", tmp.toString(), "--aud", REG, "--iss", APP);
        assertEquals(1, missingClient.code());
    }

    private static void assertMatches(PrivateKey key, X509Certificate cert) throws Exception {
        java.security.Signature s = java.security.Signature.getInstance("SHA256withRSA");
        s.initSign(key);
        s.update(new byte[] {1});
        byte[] sig = s.sign();
        s.initVerify(cert.getPublicKey());
        s.update(new byte[] {1});
        assertTrue(s.verify(sig));
    }

    /** PKIX path validation with the JDK alone (no revocation): the chain leads to the anchor. */
    private static void pkixValidate(List<java.security.cert.X509Certificate> chain,
                                     java.security.cert.X509Certificate trustAnchor) throws Exception {
        java.security.cert.PKIXParameters params = new java.security.cert.PKIXParameters(
                java.util.Set.of(new java.security.cert.TrustAnchor(trustAnchor, null)));
        params.setRevocationEnabled(false);
        java.security.cert.CertPathValidator.getInstance("PKIX").validate(
                java.security.cert.CertificateFactory.getInstance("X.509").generateCertPath(chain), params);
    }
}
