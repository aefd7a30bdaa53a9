package org.payerauth.udap.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

/** A registration receives only allowed scopes, and SMART resource scopes by who acts (issue 11, item 2). */
class RegistrationScopePolicyTest {

    private static final ClientMetadata AC = new ClientMetadata("App", List.of("authorization_code"), List.of("code"),
            List.of("https://app.example/cb"), "https://app.example/logo.png", List.of("mailto:a@app.example"), "x",
            "private_key_jwt");
    private static final ClientMetadata CC = new ClientMetadata("B2B", List.of("client_credentials"), List.of(), List.of(),
            null, List.of("mailto:a@app.example"), "x", "private_key_jwt");

    @Test
    void scopes_an_admin_made_for_other_purposes_are_never_granted_by_default() {
        assertEquals(List.of("openid", "fhirUser", "patient/*.read"), RegistrationScopePolicy.defaults().grantable(
                "openid roles fhirUser microprofile-jwt web-origins patient/*.read admin-api", AC));
    }

    @Test
    void patient_and_user_scopes_only_for_authorization_code_apps() {
        RegistrationScopePolicy policy = RegistrationScopePolicy.defaults();
        assertEquals(List.of("patient/Patient.read", "user/Coverage.rs"),
                policy.grantable("patient/Patient.read user/Coverage.rs system/Patient.read", AC));
        assertEquals(List.of("system/Patient.read"),
                policy.grantable("patient/Patient.read user/Coverage.rs system/Patient.read", CC));
    }

    @Test
    void request_order_is_kept_and_duplicates_collapse() {
        assertEquals(List.of("profile", "openid"), RegistrationScopePolicy.defaults().grantable(" profile  openid profile ", AC));
    }

    @Test
    void an_admin_list_replaces_the_default_and_a_trailing_star_is_a_prefix() {
        RegistrationScopePolicy policy = RegistrationScopePolicy.parse(" openid  patient/Coverage.* ");
        assertEquals(List.of("openid", "patient/Coverage.read"),
                policy.grantable("openid profile patient/Coverage.read patient/Patient.read", AC));
        assertEquals(RegistrationScopePolicy.DEFAULT_ALLOWED, RegistrationScopePolicy.parse("  ").allowed());
    }

    @Test
    void a_star_inside_an_entry_is_a_configuration_error() {
        assertThrows(IllegalArgumentException.class, () -> RegistrationScopePolicy.parse("patient/*.read"));
    }

    @Test
    void matching_is_exact() {
        assertEquals(List.of(), RegistrationScopePolicy.defaults().grantable("OpenID Profile", AC));
    }
}
