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
import org.keycloak.broker.provider.AbstractIdentityProvider;
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
 * yet. Policy {@code verify-existing} (default): the IdP's <em>verified</em> email must be the <em>verified</em> email
 * of exactly one member (an address a member typed in without proving it names nobody and blocks nobody), who
 * is not linked to another identity at this IdP; that member is then asked to confirm with their own credentials (the
 * next step, Keycloak's "Verify existing account by re-authentication"), and Keycloak stores the (iss, sub) link.
 * Policy {@code pre-linked}: only links an administrator made count, so nobody gets this far. Policy {@code create}:
 * as {@code verify-existing}, and a person no member's verified email names gets a new account (the re-authentication
 * step is then skipped by {@link ExistingMemberCondition}). No member: {@code access_denied} to the app with its
 * {@code state}.
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
            Match match = matchByVerifiedEmail(session, realm, brokered);
            if (match.member() != null) {
                UserModel member = match.member();
                authSession.setAuthNote(AbstractIdpAuthenticator.EXISTING_USER_INFO,
                        new ExistingUserInfo(member.getId(), UserModel.EMAIL, member.getEmail()).serialize());
                LOG.infof("Realm '%s': the identity at %s matches member %s by verified email; re-authentication follows",
                        realm.getName(), idp, member.getId());
                context.success();
                return;
            }
            if (settings.memberMapping() != TieredSettings.MemberMapping.CREATE || match.refusal() != null) {
                throw new UdapException(Reason.MEMBER_NOT_FOUND, match.refusal() != null ? match.refusal() : match.notFound());
            }
            UserModel created = createAccount(session, realm, brokered, match.verifiedEmail());
            if (created == null) {
                throw new UdapException(Reason.MEMBER_NOT_FOUND, "An account made for this identity earlier is no longer "
                        + "linked to it; ask the plan to link it");
            }
            LOG.infof("Realm '%s': created account %s for a new person at %s (policy create)", realm.getName(),
                    created.getId(), idp);
            context.setUser(created);
            authSession.setAuthNote(AbstractIdentityProvider.BROKER_REGISTERED_NEW_USER, "true");
            context.success();
        } catch (UdapException e) {
            context.forceChallenge(AppRedirect.error(session, realm, authSession, context.getEvent(), idp, e));
        }
    }

    /**
     * The outcome of looking for the member: the member, or why none was taken ({@code notFound}: nobody to link, a new
     * account may be made; {@code refusal}: someone must not be linked or created).
     */
    private record Match(UserModel member, String notFound, String refusal, String verifiedEmail) {
    }

    private static Match matchByVerifiedEmail(KeycloakSession session, RealmModel realm, BrokeredIdentityContext brokered) {
        String email = brokered.getEmail();
        Object idToken = brokered.getContextData().get(OIDCIdentityProvider.VALIDATED_ID_TOKEN);
        Object verified = idToken instanceof JsonWebToken token ? token.getOtherClaims().get("email_verified") : null;
        if (email == null || email.isBlank() || !(Boolean.TRUE.equals(verified) || "true".equals(verified))) {
            return new Match(null, "The identity provider did not assert a verified email, so this plan cannot find "
                    + "your member account", null, null);
        }
        // Only a verified local email counts (security review 2 L5): members can edit their email, and an address
        // someone typed in without proving it neither names a member nor blocks the member whose address it is.
        List<UserModel> matches = session.users()
                .searchForUserStream(realm, Map.of(UserModel.EMAIL, email, UserModel.EXACT, "true",
                        UserModel.EMAIL_VERIFIED, "true"), 0, 2)
                .filter(u -> u.isEmailVerified() && email.equalsIgnoreCase(u.getEmail()))
                .toList();
        if (matches.isEmpty()) {
            // A new account (policy create) takes the email only if no account here holds it, even unverified.
            boolean held = session.users()
                    .searchForUserStream(realm, Map.of(UserModel.EMAIL, email, UserModel.EXACT, "true"), 0, 1)
                    .findAny().isPresent();
            return new Match(null, "No member of this plan has the email the identity provider asserted (verified)",
                    null, held ? null : email);
        }
        if (matches.size() > 1) {
            return new Match(null, null, "Several accounts of this plan have the email the identity provider asserted", null);
        }
        UserModel member = matches.get(0);
        if (!member.isEnabled()) {
            return new Match(null, null, "The member account is disabled", null);
        }
        String alias = brokered.getIdpConfig().getAlias();
        if (session.users().getFederatedIdentity(realm, member, alias) != null) {
            return new Match(null, null, "This member is already linked to another account at the identity provider", null);
        }
        return new Match(member, null, null, email);
    }

    /** Policy {@code create}: a new account for the person, named after the IdP and their {@code sub}; null if that name is taken. */
    private static UserModel createAccount(KeycloakSession session, RealmModel realm, BrokeredIdentityContext brokered,
                                           String verifiedEmail) {
        String username = (brokered.getIdpConfig().getAlias() + "." + brokered.getId()).toLowerCase(java.util.Locale.ROOT);
        if (username.length() > 255) {
            username = username.substring(0, 255);
        }
        if (session.users().getUserByUsername(realm, username) != null) {
            return null;
        }
        UserModel user = session.users().addUser(realm, username);
        user.setEnabled(true);
        if (verifiedEmail != null) {
            user.setEmail(verifiedEmail);
            user.setEmailVerified(true);
        }
        if (brokered.getFirstName() != null) {
            user.setFirstName(brokered.getFirstName());
        }
        if (brokered.getLastName() != null) {
            user.setLastName(brokered.getLastName());
        }
        return user;
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
