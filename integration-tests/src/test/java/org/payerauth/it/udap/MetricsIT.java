package org.payerauth.it.udap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.payerauth.it.smart.SmartLaunch;
import org.payerauth.it.support.AdminApi;
import org.payerauth.it.support.Browser;
import org.payerauth.it.support.Http;
import org.payerauth.it.support.KeycloakIT;
import org.payerauth.it.support.KeycloakServer;
import org.payerauth.udap.registration.SoftwareStatementBuilder;

/**
 * payer-auth's meters on Keycloak's own {@code /metrics} (management port, {@code --metrics-enabled=true}), counted
 * from real traffic: UDAP registrations (registered, refused with its reason), UDAP client authentications (success,
 * failure), a SMART authorization request refused by a rule, the CRL downloads of the chain checks, and the node-local
 * caches' hits, misses and sizes. Each count is the difference between a scrape before and one after.
 */
@KeycloakIT
class MetricsIT {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** One sample of the Prometheus text format: the metric name and its labels. */
    private record Series(String name, Map<String, String> labels) {
        boolean is(String metric, String... keyValues) {
            if (!name.equals(metric)) {
                return false;
            }
            for (int i = 0; i < keyValues.length; i += 2) {
                if (!keyValues[i + 1].equals(labels.get(keyValues[i]))) {
                    return false;
                }
            }
            return true;
        }
    }

    private static Map<Series, Double> scrape(KeycloakServer server) {
        String url = server.managementUrl().orElseThrow(() -> new AssertionError(
                "this harness does not know the management port of " + server.describe())) + "/metrics";
        HttpResponse<String> response = Http.get(url);
        assertEquals(200, response.statusCode(), url + ": " + response.body());
        Map<Series, Double> samples = new java.util.HashMap<>();
        for (String line : response.body().split("\n")) {
            Matcher m = SAMPLE.matcher(line.trim());
            if (line.startsWith("#") || !m.matches()) {
                continue;
            }
            Map<String, String> labels = new TreeMap<>();
            if (m.group(3) != null) {
                Matcher label = LABEL.matcher(m.group(3));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            samples.put(new Series(m.group(1), labels), Double.parseDouble(m.group(4)));
        }
        return samples;
    }

    private static double sum(Map<Series, Double> samples, Predicate<Series> which) {
        return samples.entrySet().stream().filter(e -> which.test(e.getKey())).mapToDouble(Map.Entry::getValue).sum();
    }

    private static double delta(Map<Series, Double> before, Map<Series, Double> after, String metric, String... labels) {
        Predicate<Series> which = s -> s.is(metric, labels);
        return sum(after, which) - sum(before, which);
    }

    @Test
    void real_traffic_is_counted_on_keycloaks_metrics_endpoint(KeycloakServer server, AdminApi admin) {
        Map<Series, Double> before = scrape(server);
        try (UdapFixture fixture = new UdapFixture(server, admin)) {
            // a registration refused (not JSON) and one registered
            HttpResponse<String> refused = Http.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(fixture.registrationEndpoint()))
                    .header("Content-Type", "text/plain")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("software_statement=x")).build());
            assertEquals(400, refused.statusCode(), refused.body());
            HttpResponse<String> registered = fixture.register(SoftwareStatementBuilder.registrationRequest(
                    SoftwareStatementBuilder.clientCredentials(UdapPki.APP_CC, fixture.registrationEndpoint())
                            .scope("system/*.read").sign(fixture.pki.appRsa.privateKey(), fixture.pki.appRsa.chain())));
            assertTrue(registered.statusCode() == 201 || registered.statusCode() == 200, registered.body());
            String clientId = Http.json(registered).get("client_id").asText();

            // a client authentication that succeeds, one that fails (signed with another app's certificate)
            String tokenEndpoint = fixture.tokenEndpoint();
            Map<String, String> good = ClientAssertions.form("client_credentials", ClientAssertions.sign(
                    ClientAssertions.b2bClaims(clientId, tokenEndpoint).build(), fixture.pki.appRsa));
            good.put("scope", "system/*.read");
            HttpResponse<String> token = Http.postForm(tokenEndpoint, good);
            assertEquals(200, token.statusCode(), token.body());
            Map<String, String> bad = ClientAssertions.form("client_credentials", ClientAssertions.sign(
                    ClientAssertions.b2bClaims(clientId, tokenEndpoint).build(), fixture.pki.appEc256));
            bad.put("scope", "system/*.read");
            HttpResponse<String> badToken = Http.postForm(tokenEndpoint, bad);
            assertTrue(badToken.statusCode() == 400 || badToken.statusCode() == 401, badToken.body());
        }
        // a SMART authorization request with an aud that is not this payer's FHIR server
        HttpResponse<String> wrongAud = new SmartLaunch(server, new SmartLaunch.App("smart-demo-public", null), new Browser())
                .param("aud", "https://elsewhere.test/fhir").authorize();
        assertEquals(302, wrongAud.statusCode(), wrongAud.body());
        assertTrue(wrongAud.headers().firstValue("Location").orElseThrow().contains("error=invalid_request"));

        Map<Series, Double> after = scrape(server);
        assertEquals(1.0, delta(before, after, "payer_auth_udap_registrations_total", "realm", "payer",
                "outcome", "refused", "reason", "malformed_registration_request"), "a refused registration with its reason");
        // the app's first registration, or an update if an earlier test class registered the same iss
        assertEquals(1.0, delta(before, after, "payer_auth_udap_registrations_total", "realm", "payer",
                "outcome", "registered", "reason", "none") + delta(before, after, "payer_auth_udap_registrations_total",
                "realm", "payer", "outcome", "updated", "reason", "none"), "a registration");
        assertEquals(1.0, delta(before, after, "payer_auth_udap_client_authentications_total", "realm", "payer",
                "outcome", "success"), "a client authentication");
        assertEquals(1.0, delta(before, after, "payer_auth_udap_client_authentications_total", "realm", "payer",
                "outcome", "failure"), "a failed client authentication");
        assertEquals(1.0, delta(before, after, "payer_auth_issuance_refusals_total", "realm", "payer",
                "protocol", "smart", "stage", "authorization_request", "error", "invalid_request"), "the aud refusal");
        assertTrue(delta(before, after, "payer_auth_outbound_fetches_seconds_count", "purpose", "crl", "outcome", "ok") >= 1,
                "the chain checks downloaded the community's CRL");
        assertTrue(delta(before, after, "payer_auth_cache_requests_total", "cache", "udap_certificate_chains",
                "result", "miss") >= 1, "chains validated");
        assertTrue(after.keySet().stream().anyMatch(s -> s.is("payer_auth_cache_entries", "cache", "udap_certificate_chains")),
                "the chain cache's size is published");
        // Keycloak's own meters stay beside ours: one endpoint
        assertTrue(after.keySet().stream().anyMatch(s -> s.name().startsWith("jvm_")), "Keycloak's own metrics");
    }
}
