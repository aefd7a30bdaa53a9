package org.payerauth.realm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.util.JsonSerialization;

/** The realm file must be what Keycloak's importer reads: a typo in a field name fails here, not at import. */
class PayerRealmFileTest {

    private static RealmRepresentation load() throws Exception {
        try (InputStream in = PayerRealmFileTest.class.getResourceAsStream("/realm/payer-realm.json")) {
            assertNotNull(in, "realm/payer-realm.json is packaged");
            return JsonSerialization.readValue(in, RealmRepresentation.class);
        }
    }

    @Test
    void isThePayerRealmWithThePayerTheme() throws Exception {
        RealmRepresentation realm = load();
        assertEquals("payer", realm.getRealm());
        assertTrue(realm.isEnabled());
        assertEquals("payer", realm.getLoginTheme());
    }

    @Test
    void everyScopeOfferedInDiscoveryIsARealmClientScopeAvailableToNewClients() throws Exception {
        RealmRepresentation realm = load();
        Set<String> clientScopes = realm.getClientScopes().stream().map(s -> s.getName()).collect(Collectors.toSet());
        Set<String> optional = Set.copyOf(realm.getDefaultOptionalClientScopes());
        for (String scope : org.payerauth.fhir.SmartScopes.all()) {
            if (scope.equals("openid") || scope.equals("offline_access")) {
                continue; // openid is not a client scope; offline_access is Keycloak's built-in one
            }
            assertTrue(clientScopes.contains(scope), "client scope " + scope);
            assertTrue(optional.contains(scope), "realm default optional scope " + scope);
        }
        assertTrue(optional.contains("offline_access"));
        // Keycloak's own default scopes (as a realm created by Keycloak 26.7 has them), then SMART's
        assertEquals(java.util.List.of("role_list", "saml_organization", "AuthnContextClassRef", "profile", "email",
                "roles", "web-origins", "acr", "basic", "smart-context"), realm.getDefaultDefaultClientScopes());
    }

    @Test
    void systemScopesExistForB2bAppsButAreNeverOfferedToOtherClients() throws Exception {
        RealmRepresentation realm = load();
        java.util.Set<String> clientScopes = new java.util.HashSet<>();
        realm.getClientScopes().forEach(s -> clientScopes.add(s.getName()));
        for (String scope : org.payerauth.fhir.SmartScopes.systemScopes()) {
            assertTrue(clientScopes.contains(scope), "client scope " + scope);
            assertTrue(!realm.getDefaultOptionalClientScopes().contains(scope), "not a realm default optional scope: " + scope);
        }
    }

    @Test
    void everyClientScopeHasPlainLanguageConsentText() throws Exception {
        for (var scope : load().getClientScopes()) {
            if ("true".equals(scope.getAttributes().get("display.on.consent.screen"))) {
                String text = scope.getAttributes().get("consent.screen.text");
                assertNotNull(text, scope.getName());
                assertTrue(text.length() > 20 && !text.contains("/"), scope.getName() + ": " + text);
            }
        }
    }

    @Test
    void theBrowserFlowRunsThePickerAndConsentAfterSignIn() throws Exception {
        RealmRepresentation realm = load();
        var flow = realm.getAuthenticationFlows().stream().filter(f -> f.getAlias().equals(realm.getBrowserFlow()))
                .findFirst().orElseThrow();
        var steps = flow.getAuthenticationExecutions().stream()
                .map(e -> e.getAuthenticator() != null ? e.getAuthenticator() : e.getFlowAlias()).toList();
        assertEquals(java.util.List.of("payer browser sign-in", "smart-patient-picker", "smart-consent"), steps);
        assertTrue(flow.getAuthenticationExecutions().stream().allMatch(e -> e.getRequirement().equals("REQUIRED")));
    }

    @Test
    void theHti1GranularScopesAreClientScopesInPlainWords_offeredToNewClients() throws Exception {
        RealmRepresentation realm = load();
        java.util.Map<String, String> texts = new java.util.HashMap<>();
        realm.getClientScopes().forEach(s -> texts.put(s.getName(), s.getAttributes().get("consent.screen.text")));
        org.payerauth.fhir.GranularScopes.defaults().forEach((scope, text) -> {
            assertEquals(text, texts.get(scope), scope);
            assertTrue(realm.getDefaultOptionalClientScopes().contains(scope), scope);
        });
        for (String base : java.util.List.of("patient/Condition.rs", "patient/Observation.rs", "user/Observation.read", "system/Condition.rs")) {
            assertNotNull(texts.get(base), base);
        }
    }

    @Test
    void theDemoPublishesACompleteUserAccessBrand() throws Exception {
        java.util.Map<String, String> attributes = load().getAttributes();
        org.payerauth.smart.brands.UserAccessBrand brand = org.payerauth.smart.brands.UserAccessBrand.fromSettings(
                setting -> attributes.get("smart.brand." + setting), java.util.List.of("http://localhost:8080/realms/payer"),
                java.time.Instant.EPOCH);
        assertEquals(java.util.List.of(), brand.problems());
        assertEquals("payer-auth demo health plan", brand.name());
        for (String setting : org.payerauth.smart.brands.UserAccessBrand.SETTINGS) {
            assertNull(org.payerauth.smart.brands.UserAccessBrand.problem(setting, attributes.get("smart.brand." + setting)), setting);
        }
    }

    @Test
    void hasTheDocumentedDemoLogins() throws Exception {
        Set<String> users = load().getUsers().stream().map(UserRepresentation::getUsername).collect(Collectors.toSet());
        assertEquals(Set.of("alice", "rita", "victor", "sam", "cora", "ravi"), users);
    }

    @Test
    void descriptionsFitKeycloaksDatabaseColumns() throws Exception {
        RealmRepresentation realm = load();
        realm.getAuthenticationFlows().forEach(f -> assertTrue(f.getDescription() == null || f.getDescription().length() <= 255,
                "flow description longer than 255 characters (the import fails): " + f.getAlias()));
        realm.getAuthenticationFlows().forEach(f -> f.getAuthenticationExecutions().forEach(e -> assertTrue(
                e.getAuthenticator() == null || e.getAuthenticator().length() <= 36,
                "authenticator ids are at most 36 characters in Keycloak's database: " + e.getAuthenticator())));
        realm.getClientScopes().forEach(c -> assertTrue(c.getDescription() == null || c.getDescription().length() <= 255,
                "client scope description longer than 255 characters: " + c.getName()));
        realm.getClients().forEach(c -> assertTrue(c.getDescription() == null || c.getDescription().length() <= 255,
                "client description longer than 255 characters (the import fails): " + c.getClientId()));
    }

    @Test
    void tieredOAuthHasItsScopeStepAndFlowsButTheScopeIsOfferedOnlyToAppsThatRegisterIt() throws Exception {
        RealmRepresentation realm = load();
        assertTrue(realm.getClientScopes().stream().anyMatch(c -> c.getName().equals("udap")));
        assertTrue(!realm.getDefaultOptionalClientScopes().contains("udap"));
        java.util.Map<String, org.keycloak.representations.idm.AuthenticationFlowRepresentation> flows = new java.util.HashMap<>();
        realm.getAuthenticationFlows().forEach(f -> flows.put(f.getAlias(), f));
        assertTrue(flows.get("payer browser sign-in").getAuthenticationExecutions().stream()
                .anyMatch(e -> "udap-tiered-oauth".equals(e.getAuthenticator()) && "ALTERNATIVE".equals(e.getRequirement())));
        assertEquals(java.util.Arrays.asList("udap-tiered-member", null),
                flows.get("payer tiered first broker login").getAuthenticationExecutions().stream().map(e -> e.getAuthenticator()).toList());
        assertEquals("payer tiered verify member", flows.get("payer tiered first broker login").getAuthenticationExecutions().get(1).getFlowAlias());
        assertEquals(java.util.Arrays.asList("udap-tiered-existing-member", "idp-username-password-form", null),
                flows.get("payer tiered verify member").getAuthenticationExecutions().stream().map(e -> e.getAuthenticator()).toList());
        // Security review 2 M2: the member's second factor, as in the browser flow, before the link is stored.
        org.keycloak.representations.idm.AuthenticationExecutionExportRepresentation otp =
                flows.get("payer tiered verify member").getAuthenticationExecutions().get(2);
        assertEquals("payer tiered verify member conditional OTP", otp.getFlowAlias());
        assertEquals("CONDITIONAL", otp.getRequirement());
        assertEquals(java.util.List.of("conditional-user-configured", "auth-otp-form"),
                flows.get("payer tiered verify member conditional OTP").getAuthenticationExecutions().stream()
                        .map(e -> e.getAuthenticator()).toList());
        assertTrue(flows.get("payer tiered verify member conditional OTP").getAuthenticationExecutions().stream()
                .allMatch(e -> "REQUIRED".equals(e.getRequirement())));
        assertEquals(java.util.List.of("smart-patient-picker", "smart-consent"),
                flows.get("payer tiered post broker login").getAuthenticationExecutions().stream().map(e -> e.getAuthenticator()).toList());
    }

    @Test
    void theMemberIdentityProviderRealmAuthenticatesDataHoldersWithUdapAndOffersTheUdapScope() throws Exception {
        RealmRepresentation realm;
        try (InputStream in = PayerRealmFileTest.class.getResourceAsStream("/realm/member-idp-realm.json")) {
            assertNotNull(in, "realm/member-idp-realm.json is packaged");
            realm = JsonSerialization.readValue(in, RealmRepresentation.class);
        }
        assertEquals("member-idp", realm.getRealm());
        assertNull(realm.getAttributes().get("CreateDefaultClientScopes"), "a 26.7-only attribute: the scopes are listed instead");
        assertTrue(realm.getClientScopes().stream().anyMatch(c -> c.getName().equals("basic")), "Keycloak's own scopes (basic, email, profile) too");
        assertTrue(realm.getClientScopes().stream().anyMatch(c -> c.getName().equals("udap")));
        String flow = realm.getClientAuthenticationFlow();
        assertTrue(realm.getAuthenticationFlows().stream().filter(f -> f.getAlias().equals(flow)).findFirst().orElseThrow()
                .getAuthenticationExecutions().stream().anyMatch(e -> "udap-client-jwt".equals(e.getAuthenticator())));
        assertTrue(realm.getUsers().stream().anyMatch(u -> "alice@member.example".equals(u.getEmail()) && u.isEmailVerified()),
                "a demo person whose verified email is the payer member alice's");
    }

    @Test
    void offlineGrantsLastAtLeastThreeCalendarMonthsIdle_withNoShorterCap() throws Exception {
        // ONC's procedure asks for refresh tokens valid for at least three months, renewed on use: three calendar
        // months can be 92 days. No absolute cap (offline session max lifespan) cuts it short.
        RealmRepresentation realm = load();
        assertTrue(realm.getOfflineSessionIdleTimeout() >= 92 * 24 * 3600, "offline grants at least 92 days idle");
        assertTrue(!Boolean.TRUE.equals(realm.getOfflineSessionMaxLifespanEnabled()), "no offline max lifespan");
        realm.getClients().forEach(c -> assertTrue(c.getAttributes() == null
                || !c.getAttributes().containsKey("client.offline.session.max.lifespan")
                && !c.getAttributes().containsKey("client.offline.session.idle.timeout"), c.getClientId()));
    }
}
