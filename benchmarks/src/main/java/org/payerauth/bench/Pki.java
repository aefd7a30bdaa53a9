package org.payerauth.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;

import org.payerauth.udap.devca.CertificateAuthority;
import org.payerauth.udap.devca.IssuedCertificate;
import org.payerauth.udap.devca.KeyAlgorithm;
import org.payerauth.udap.devca.LeafSpec;
import org.payerauth.udap.pki.Pem;

/** A benchmark trust community: root → intermediate, uploaded CRLs (revocation is checked), server certificate. */
final class Pki {

    final String communityUri = "udap://bench.payer-auth/" + System.currentTimeMillis();
    final CertificateAuthority root = CertificateAuthority.newRoot("Bench Root", KeyAlgorithm.RSA_2048);
    final CertificateAuthority intermediate = root.newIntermediate("Bench Intermediate", KeyAlgorithm.RSA_2048);
    String componentId;

    String componentJson(String fhirBaseUrl) {
        IssuedCertificate server = intermediate.issue(LeafSpec.builder("Bench server").sanUri(fhirBaseUrl).build());
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("communityUri", List.of(communityUri));
        config.put("default", List.of("false"));
        config.put("trustAnchors", List.of(Pem.certificate(root.certificate())));
        config.put("revocationSource", List.of("uploaded-crls"));
        config.put("revocationSoftFail", List.of("false"));
        config.put("crls", List.of(Pem.crl(root.crl()), Pem.crl(intermediate.crl())));
        List<String> chain = new ArrayList<>();
        server.chain().forEach(c -> chain.add(Pem.certificate(c)));
        config.put("signingCertificateChain", chain);
        config.put("signingKey", List.of(Pem.privateKey(server.privateKey())));
        Map<String, Object> component = new LinkedHashMap<>();
        component.put("name", communityUri);
        component.put("providerId", "udap-trust-community");
        component.put("providerType", "org.payerauth.keycloak.udap.community.TrustCommunityProvider");
        component.put("config", config);
        return JSONObjectUtils.toJSONString(component);
    }

    void install(Server server) {
        var response = server.admin("POST", "/components", componentJson(server.realmUrl()));
        if (response.statusCode() != 201) {
            throw new IllegalStateException("community not created: " + response.statusCode() + " " + response.body());
        }
        String location = response.headers().firstValue("Location").orElseThrow();
        componentId = location.substring(location.lastIndexOf('/') + 1);
    }

    void remove(Server server) {
        if (componentId != null) {
            server.admin("DELETE", "/components/" + componentId, null);
        }
    }
}
