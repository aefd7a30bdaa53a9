package org.payerauth.keycloak.udap.tiered.member;

import org.keycloak.authentication.Authenticator;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.payerauth.keycloak.common.ProviderIds;
import org.payerauth.keycloak.udap.tiered.flow.TieredAuthenticatorFactory;

/**
 * "UDAP Tiered OAuth member match": the first step of the Tiered first-broker-login flow, REQUIRED, followed by
 * Keycloak's "Verify existing account by re-authentication" ({@code idp-username-password-form}).
 */
public final class TieredMemberAuthenticatorFactory extends TieredAuthenticatorFactory {

    public static final String PROVIDER_ID = ProviderIds.UDAP_TIERED_MEMBER_AUTHENTICATOR;

    private static final Authenticator INSTANCE = new TieredMemberAuthenticator();

    @Override
    public Authenticator create(KeycloakSession session) {
        return INSTANCE;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "UDAP Tiered OAuth member match";
    }

    @Override
    public String getHelpText() {
        return "Maps the person a Tiered OAuth identity provider authenticated to a member, per the realm's "
                + "udap.tiered.memberMapping policy (verify-existing: one member with the IdP's verified email, who "
                + "then re-authenticates; pre-linked: only administrator links). No member: access_denied to the app.";
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return choices(AuthenticationExecutionModel.Requirement.REQUIRED, AuthenticationExecutionModel.Requirement.DISABLED);
    }
}
