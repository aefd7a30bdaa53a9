package org.payerauth.keycloak.udap.rules;

import java.util.Optional;

import org.keycloak.OAuthErrorException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.endpoints.request.AuthorizationEndpointRequest;
import org.payerauth.keycloak.common.UdapClientAttributes;
import org.payerauth.keycloak.common.issuance.IssuanceRules;
import org.payerauth.keycloak.common.settings.RealmSettings;
import org.payerauth.udap.RegistrationSettings;

/**
 * UDAP IG STU2 §7.2 for apps registered through UDAP: {@code state} is required (the server SHALL return
 * {@code invalid_request} without it). PKCE S256 is enforced by the client's own PKCE setting, which registration
 * sets in STU2 mode. In STU1.1 mode neither is required. On every Keycloak line (the native provider
 * {@code udap-authorization-rules} on 26.6+, Keycloak's client-policy events on 26.5).
 */
public final class UdapIssuanceRules implements IssuanceRules {

    @Override
    public String protocol() {
        return "udap";
    }

    static final String MISSING_STATE = "Missing parameter: state (required for UDAP clients)";

    private final KeycloakSession session;

    public UdapIssuanceRules(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public Optional<Refusal> authorizationRequest(RealmModel realm, ClientModel client, AuthorizationEndpointRequest request) {
        if (!UdapClientAttributes.isUdapClient(client)
                || RealmSettings.of(session, realm).udapMode() != RegistrationSettings.Mode.STU2) {
            return Optional.empty();
        }
        String state = request.getState();
        return state == null || state.isEmpty()
                ? Optional.of(new Refusal(OAuthErrorException.INVALID_REQUEST, MISSING_STATE))
                : Optional.empty();
    }
}
