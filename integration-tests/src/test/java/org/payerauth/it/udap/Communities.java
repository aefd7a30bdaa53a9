package org.payerauth.it.udap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.payerauth.it.support.AdminApi;
import org.payerauth.udap.devca.CertificateAuthority;
import org.payerauth.udap.devca.IssuedCertificate;
import org.payerauth.udap.pki.Pem;

/** Trust communities created through the admin REST API, exactly as an admin would (components). */
final class Communities {

    static final String PROVIDER_TYPE = "org.payerauth.keycloak.udap.community.TrustCommunityProvider";
    static final String PROVIDER_ID = "udap-trust-community";

    private Communities() {
    }

    static Map<String, Object> component(String realmId, String uri, boolean isDefault, CertificateAuthority root,
                                         IssuedCertificate server) {
        Map<String, List<String>> config = new LinkedHashMap<>();
        config.put("communityUri", List.of(uri));
        config.put("default", List.of(String.valueOf(isDefault)));
        config.put("trustAnchors", List.of(Pem.certificate(root.certificate())));
        config.put("revocationSource", List.of("distribution-points"));
        config.put("revocationSoftFail", List.of("false"));
        if (server != null) {
            List<String> chain = new ArrayList<>();
            server.chain().forEach(c -> chain.add(Pem.certificate(c)));
            config.put("signingCertificateChain", chain);
            config.put("signingKey", List.of(Pem.privateKey(server.privateKey())));
        }
        Map<String, Object> component = new LinkedHashMap<>();
        component.put("name", uri);
        component.put("providerId", PROVIDER_ID);
        component.put("providerType", PROVIDER_TYPE);
        component.put("parentId", realmId);
        component.put("config", config);
        return component;
    }

    /** Creates the component; returns its id. */
    static String create(AdminApi admin, Map<String, Object> component) {
        return create(admin, "payer", component);
    }

    static String create(AdminApi admin, String realm, Map<String, Object> component) {
        HttpResponse<String> created = admin.postJson("/realms/" + realm + "/components", component);
        assertEquals(201, created.statusCode(), created.body());
        String location = created.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    static void delete(AdminApi admin, String id) {
        delete(admin, "payer", id);
    }

    static void delete(AdminApi admin, String realm, String id) {
        if (id != null) {
            admin.delete("/realms/" + realm + "/components/" + id);
        }
    }

    static String realmId(AdminApi admin) {
        return realmId(admin, "payer");
    }

    static String realmId(AdminApi admin, String realm) {
        return admin.getJson("/realms/" + realm).get("id").asText();
    }
}
