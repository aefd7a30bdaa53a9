package org.payerauth.keycloak.smart.token;

import jakarta.ws.rs.core.Response;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.token.TokenPostProcessor;
import org.keycloak.protocol.oidc.token.TokenPostProcessorFactory;
import org.keycloak.services.ErrorResponseException;
import org.payerauth.keycloak.common.issuance.IssuanceHooks;
import org.payerauth.keycloak.common.issuance.IssuanceRefusal;
import org.payerauth.keycloak.smart.rules.SmartIssuanceRules;

/**
 * No SMART token without the SMART checks (security review 2, L6). The token-time SMART rules (patient context or
 * nothing, the launch binding, the member's link and consent for the patient, the FHIR {@code aud}) run in the two
 * mappers of the {@code smart-context} client scope. A client without that scope (an admin removed it, or a client
 * made outside the realm's defaults) would get SMART scopes with none of them. This post-processor runs on every
 * token Keycloak issues: a token whose scopes are SMART scopes, when the mappers did not run in this request, is
 * refused with {@code invalid_scope} and an error log naming the client, never issued unchecked.
 */
public final class SmartChecksEnforced implements TokenPostProcessorFactory {

    public static final String PROVIDER_ID = "smart-checks-enforced";

    @Override
    public TokenPostProcessor create(KeycloakSession session) {
        SmartIssuanceRules rules = new SmartIssuanceRules(session);
        return context -> {
            try {
                rules.enforceChecksRan(context.accessToken());
            } catch (IssuanceRefusal refusal) {
                IssuanceHooks.tokenResponseRefused(session, rules, refusal);
                throw new ErrorResponseException(refusal.error(), refusal.description(), Response.Status.BAD_REQUEST);
            }
        };
    }

    @Override
    public int order() {
        return 100; // before the other post-processors: nothing else works on a token that will be refused
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
