package org.payerauth.it.smart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.payerauth.it.support.AdminApi;
import org.payerauth.it.support.Browser;
import org.payerauth.it.support.KeycloakIT;
import org.payerauth.it.support.KeycloakServer;

/**
 * An app's name is attacker-chosen (UDAP registrations set {@code client_name}); the SMART pages show it. It must
 * arrive HTML-escaped, never as markup (reliability-security: HTML in {@code client_name}).
 */
@KeycloakIT
class ClientNameEscapingIT {

    private static final String HOSTILE_NAME = "<img src=x onerror=alert(1)>Evil & \"Co\"";

    @Test
    void aHostileClientName_isEscapedOnTheConsentPage(KeycloakServer server, AdminApi admin) {
        String clientId = "hostile-name-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = admin.postJson("/realms/payer/clients", Map.of(
                "clientId", clientId, "name", HOSTILE_NAME, "publicClient", true, "consentRequired", true,
                "redirectUris", List.of(SmartLaunch.REDIRECT_URI), "standardFlowEnabled", true,
                "attributes", Map.of("pkce.code.challenge.method", "S256"),
                "defaultClientScopes", List.of("basic", "profile", "smart-context"),
                "optionalClientScopes", List.of("launch/patient", "patient/*.read")));
        assertEquals(201, created.statusCode(), created.body());

        SmartLaunch launch = new SmartLaunch(server, new SmartLaunch.App(clientId, null), new Browser())
                .param("scope", "launch/patient openid patient/*.read");
        launch.launch("alice");
        String page = launch.consentPage;
        assertNotNull(page, launch.pagesSeen.toString());
        assertFalse(page.contains("<img src=x"), "the name must not become markup");
        assertFalse(page.contains("onerror=alert(1)>"), "the name must not become markup");
        assertTrue(page.contains("&lt;img src=x onerror=alert(1)&gt;Evil &amp;"), "the name is shown, escaped");
    }
}
