package org.payerauth.keycloak.udap.tiered.member;

import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.broker.AbstractIdpAuthenticator;
import org.keycloak.authentication.authenticators.broker.util.ExistingUserInfo;
import org.keycloak.authentication.authenticators.broker.util.SerializedBrokeredIdentityContext;
import org.keycloak.broker.oidc.OIDCIdentityProvider;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.payerauth.keycloak.common.settings.RealmSettings;
import org.payerauth.keycloak.udap.tiered.flow.AppRedirect;
import org.payerauth.keycloak.udap.tiered.registration.IdpRegistrar;
import org.payerauth.udap.Reason;
import org.payerauth.udap.UdapException;
import org.payerauth.udap.tiered.TieredSettings;

/**
 * The first-broker-login step of Tiered OAuth (U13, U14): the person the IdP authenticated has no link to a member
 * yet. Policy {@code verify-existing} (default): the IdP's <em>verified</em> email must name exactly one member who
 * is not linked to another identity at this IdP; that member is then asked to confirm with their own credentials (the
 * next step, Keycloak's "Verify existing account by re-authentication"), and Keycloak stores the (iss, sub) link.
 * Policy {@code pre-linked}: only links an administrator made count, so nobody gets this far. No member:
 * {@code access_denied} to the app with its {@code state}. Nobody is ever created.
 */
public final class TieredMemberAuthenticator implements Authenticator {

    private static final Logger LOG = Logger.getLogger(TieredMemberAuthenticator.class);

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        // Keycloak clears the browser flow's auth notes when first-broker-login starts: the IdP comes from the context.
        String idp = null;
        try {
            SerializedBrokeredIdentityContext serialized = SerializedBrokeredIdentityContext.readFromAuthenticationSession(
                    authSession, AbstractIdpAuthenticator.BROKERED_CONTEXT_NOTE);
            if (serialized == null) {
                throw new UdapException(Reason.MEMBER_NOT_FOUND, "The sign-in at the identity provider was not completed");
            }
            BrokeredIdentityContext brokered = serialized.deserialize(session, authSession);
            idp = brokered.getIdpConfig().getConfig().get(IdpRegistrar.CONFIG_IDP);
            TieredSettings settings = RealmSettings.of(session, realm).tiered();
            if (settings.memberMapping() == TieredSettings.MemberMapping.PRE_LINKED) {
                throw new UdapException(Reason.MEMBER_NOT_FOUND, "Your account at the identity provider is not linked "
                        + "to a member of this plan; ask the plan to link it");
            }
            UserModel member = matchByVerifiedEmail(session, realm, brokered);
            authSession.setAuthNote(AbstractIdpAuthenticator.EXISTING_USER_INFO,
                    new ExistingUserInfo(member.getId(), UserModel.EMAIL, member.getEmail()).serialize());
            LOG.infof("Realm '%s': the identity at %s matches member %s by verified email; re-authentication follows",
                    realm.getName(), idp, member.getId());
            context.success();
        } catch (UdapException e) {
            context.forceChallenge(AppRedirect.error(session, realm, authSession, context.getEvent(), idp, e));
        }
    }

    private static UserModel matchByVerifiedEmail(KeycloakSession session, RealmModel realm, BrokeredIdentityContext brokered)
            throws UdapException {
        String email = brokered.getEmail();
        Object idToken = brokered.getContextData().get(OIDCIdentityProvider.VALIDATED_ID_TOKEN);
        Object verified = idToken instanceof JsonWebToken token ? token.getOtherClaims().get("email_verified") : null;
        if (email == null || email.isBlank() || !(Boolean.TRUE.equals(verified) || "true".equals(verified))) {
            throw new UdapException(Reason.MEMBER_NOT_FOUND, "The identity provider did not assert a verified email, so "
                    + "this plan cannot find your member account");
        }
        List<UserModel> matches = session.users()
                .searchForUserStream(realm, Map.of(UserModel.EMAIL, email, UserModel.EXACT, "true"), 0, 2)
                .filter(u -> email.equalsIgnoreCase(u.getEmail()))
                .toList();
        if (matches.size() != 1) {
            throw new UdapException(Reason.MEMBER_NOT_FOUND, "No single member of this plan has the email the identity "
                    + "provider asserted");
        }
        UserModel member = matches.get(0);
        if (!member.isEnabled()) {
            throw new UdapException(Reason.MEMBER_NOT_FOUND, "The member account is disabled");
        }
        String alias = brokered.getIdpConfig().getAlias();
        if (session.users().getFederatedIdentity(realm, member, alias) != null) {
            throw new UdapException(Reason.MEMBER_NOT_FOUND, "This member is already linked to another account at the "
                    + "identity provider");
        }
        return member;
    }

    @Override
    public void action(AuthenticationFlowContext context) {
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
