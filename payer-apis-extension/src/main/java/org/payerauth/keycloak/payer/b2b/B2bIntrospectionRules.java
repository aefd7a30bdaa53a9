package org.payerauth.keycloak.payer.b2b;

import java.util.Map;

import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.AccessToken;
import org.payerauth.b2b.B2bApi;
import org.payerauth.b2b.B2bClaims;
import org.payerauth.b2b.MemberAccess;
import org.payerauth.keycloak.common.introspection.IntrospectionRules;
import org.payerauth.keycloak.common.introspection.IntrospectionRulesFactory;
import org.payerauth.keycloak.payer.sharing.MemberSharingChoices;

/**
 * B2B tokens at introspection: the description carries the B2B context the token was issued with (Keycloak
 * describes a {@code client_credentials} token again from its basic claims only); a member-scoped token is
 * {@code active} only while the member's choice still allows it, and its {@code sensitive_data} is what that choice
 * says now (an opt-out or a withdrawn opt-in ends it at once).
 */
public final class B2bIntrospectionRules implements IntrospectionRulesFactory {

    public static final String PROVIDER_ID = "b2b";

    @Override
    public IntrospectionRules create(KeycloakSession session) {
        return new IntrospectionRules() {
            /** The member's current decision, worked out once per introspection (describe runs before active). */
            private MemberAccess.Decision decision;

            private MemberAccess.Decision decision(AccessToken token, String member) {
                if (decision == null) {
                    B2bApi api = B2bApi.fromSetting(token.getOtherClaims().get(B2bClaims.API) instanceof String a ? a : null)
                            .orElse(null);
                    decision = new MemberSharingChoices(session, session.getContext().getRealm()).memberAccess(member, api);
                }
                return decision;
            }

            @Override
            public boolean active(AccessToken token, UserSessionModel userSession, ClientModel client, EventBuilder event) {
                String member = memberOf(token);
                if (member == null || decision(token, member).allowed()) {
                    return true;
                }
                event.detail(B2bClaims.PATIENT, member).detail(Details.REASON, decision(token, member).refusal()).error(Errors.NOT_ALLOWED);
                return false;
            }

            @Override
            public void describe(AccessToken token, AccessToken described) {
                Map<String, Object> claims = B2bTokenRules.carried(token);
                if (claims.isEmpty()) {
                    return;
                }
                described.getOtherClaims().putAll(claims);
                if (token.getOtherClaims().get("extensions") != null) {
                    described.getOtherClaims().put("extensions", token.getOtherClaims().get("extensions"));
                }
                String member = memberOf(token);
                if (member != null && decision(token, member).allowed()) {
                    described.getOtherClaims().put(B2bClaims.PATIENT, member);
                    described.getOtherClaims().put(B2bClaims.SENSITIVE_DATA,
                            B2bTokenRules.sensitiveDataClaim(decision(token, member)));
                }
            }
        };
    }

    /** The member of a member-scoped B2B token (its {@code patient}, on a token with a B2B API), or null. */
    private static String memberOf(AccessToken token) {
        return token.getOtherClaims().get(B2bClaims.API) != null
                && token.getOtherClaims().get(B2bClaims.PATIENT) instanceof String patient ? patient : null;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
