package org.payerauth.it.udap;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.payerauth.it.support.AdminApi;
import org.payerauth.it.support.Http;
import org.payerauth.it.support.KeycloakServer;

/**
 * Per test class: the test PKI and the two trust communities (A = default, B) of the payer realm, created through the
 * admin REST API and removed afterwards, so other test classes see a realm without UDAP.
 */
final class UdapFixture implements AutoCloseable {

    final KeycloakServer server;
    final AdminApi admin;
    final UdapPki pki;
    final String communityA;
    final String communityB;

    UdapFixture(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
        this.pki = new UdapPki(fhirBaseUrl(server));
        String realmId = Communities.realmId(admin);
        communityA = Communities.create(admin, Communities.component(realmId, UdapPki.COMMUNITY_A, true, pki.rootA, pki.serverA));
        communityB = Communities.create(admin, Communities.component(realmId, UdapPki.COMMUNITY_B, false, pki.rootB, pki.serverB));
    }

    /** The demo realm has no FHIR base URL set: the realm URL stands in. */
    static String fhirBaseUrl(KeycloakServer server) {
        return server.realmUrl("payer");
    }

    String registrationEndpoint() {
        return server.realmUrl("payer") + "/clients-registrations/udap";
    }

    String tokenEndpoint() {
        return server.realmUrl("payer") + "/protocol/openid-connect/token";
    }

    HttpResponse<String> register(String body) {
        return Http.send(HttpRequest.newBuilder(URI.create(registrationEndpoint()))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    @Override
    public void close() {
        Communities.delete(admin, communityA);
        Communities.delete(admin, communityB);
        pki.close();
    }
}
