package org.payerauth.keycloak.smart.rules;

import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.endpoints.request.AuthorizationEndpointRequest;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.representations.RefreshToken;
import org.payerauth.fhir.FhirBaseUrls;
import org.payerauth.keycloak.common.UdapClientAttributes;
import org.payerauth.keycloak.common.issuance.IssuanceRefusal;
import org.payerauth.keycloak.common.issuance.IssuanceRules;
import org.payerauth.keycloak.common.settings.RealmSettings;
import org.payerauth.keycloak.smart.flow.SmartFlowSupport;
import org.payerauth.keycloak.smart.launch.LaunchContexts;
import org.payerauth.fhir.GranularScopes;
import org.payerauth.smart.SmartAuthorizationRules;
import org.payerauth.smart.SmartScopeRequest;
import org.payerauth.smart.launch.LaunchContext;
import org.payerauth.udap.RegistrationSettings;

/**
 * SMART's rules on authorization requests and token responses, on every Keycloak line (called by the native providers
 * {@code smart-launch-rules}, {@code smart-checks-enforced} and {@code smart-launch-bound-refresh-tokens} on 26.6+, by
 * Keycloak's client-policy events on 26.5):
 * <ul>
 *   <li>an authorization request with SMART scopes follows {@link SmartAuthorizationRules} ({@code aud}, PKCE S256,
 *       {@code state}, launch scopes);</li>
 *   <li>a token with SMART scopes is issued only when the SMART mappers ran for it in this request (security review
 *       2, L6: a client without the {@code smart-context} scope would otherwise get SMART scopes unchecked);</li>
 *   <li>a refresh token names its launch's patient and {@code aud}, and a refresh narrowed to scopes without a patient
 *       context keeps naming them, in its access token too (security review 2, H2 and M3).</li>
 * </ul>
 */
public final class SmartIssuanceRules implements IssuanceRules {

    @Override
    public String protocol() {
        return "smart";
    }

    static final String AUD = "aud";
    static final String LAUNCH_CHECKED = "payer-auth.smart.launchChecksRan";
    static final String AUDIENCE_CHECKED = "payer-auth.smart.audienceChecksRan";
    public static final String NOT_CHECKED_DESCRIPTION = "This app's SMART scopes cannot be issued: the app lacks the "
            + "'smart-context' client scope that applies the SMART rules; ask the payer's administrator to add it to the app";

    private static final Logger LOG = Logger.getLogger(SmartIssuanceRules.class);

    private final KeycloakSession session;

    public SmartIssuanceRules(KeycloakSession session) {
        this.session = session;
    }

    /** Called by the SMART launch-context mapper once its checks passed for this request's access token. */
    public static void launchChecksRan(KeycloakSession session) {
        session.setAttribute(LAUNCH_CHECKED, Boolean.TRUE);
    }

    /** Called by the SMART audience mapper once it set (or decided) this request's access-token audience. */
    public static void audienceChecksRan(KeycloakSession session) {
        session.setAttribute(AUDIENCE_CHECKED, Boolean.TRUE);
    }

    @Override
    public Optional<Refusal> authorizationRequest(RealmModel realm, ClientModel client, AuthorizationEndpointRequest request) {
        RealmSettings settings = RealmSettings.of(session, realm);
        if (UdapClientAttributes.isUdapClient(client) && settings.udapMode() == RegistrationSettings.Mode.STU1_1) {
            // Apps registered through UDAP follow the UDAP IG's rules; in the realm's STU1.1 compatibility mode
            // (Inferno's current UDAP kit sends neither PKCE nor aud) SMART's stricter request rules yield to them.
            return Optional.empty();
        }
        Map<String, String> extra = request.getAdditionalReqParams();
        String aud = extra == null ? null : extra.get(AUD);
        Optional<FhirBaseUrls> fhirBaseUrls = settings.fhirBaseUrls();
        if (fhirBaseUrls.isEmpty()) {
            return Optional.of(new Refusal("server_error", "The FHIR base URL setting of this realm is invalid"));
        }
        Optional<SmartAuthorizationRules.Violation> violation = SmartAuthorizationRules.check(
                SmartFlowSupport.scopes(session, request.getScope()), aud, request.getState(), request.getCodeChallenge(),
                request.getCodeChallengeMethod(), fhirBaseUrls.get());
        if (violation.isEmpty()) {
            violation = granular(client, request.getScope(), settings);
        }
        violation.ifPresent(v -> LOG.debugf("SMART authorization request refused for client '%s': %s",
                client.getClientId(), v.description()));
        return violation.map(v -> new Refusal(v.error(), v.description()));
    }

    /**
     * A granular scope is granted only to an app that may have a resource-level scope covering it, and only with
     * search parameters the realm offers ({@link GranularScopes#refusal}): {@code invalid_scope} otherwise.
     */
    private static Optional<SmartAuthorizationRules.Violation> granular(ClientModel client, String scope, RealmSettings settings) {
        if (scope == null || scope.indexOf('?') < 0) {
            return Optional.empty();
        }
        java.util.Set<String> clientScopes = new java.util.HashSet<>(client.getClientScopes(true).keySet());
        clientScopes.addAll(client.getClientScopes(false).keySet());
        return GranularScopes.refusal(org.payerauth.oauth.SpaceDelimited.words(scope), clientScopes,
                        settings.granularScopeParameters())
                .map(description -> new SmartAuthorizationRules.Violation(OAuthErrorException.INVALID_SCOPE, description));
    }

    @Override
    public void tokenResponse(AccessToken accessToken, RefreshToken refreshToken, RefreshToken presentedRefreshToken) {
        enforceChecksRan(accessToken);
        bindToLaunch(accessToken, refreshToken, presentedRefreshToken);
    }

    /** Refuses a token with SMART scopes when the SMART mappers did not run for it in this request. */
    public void enforceChecksRan(AccessToken access) {
        if (access == null || !SmartScopeRequest.parse(access.getScope()).isSmart()) {
            return;
        }
        if (session.getAttribute(LAUNCH_CHECKED) != null && session.getAttribute(AUDIENCE_CHECKED) != null) {
            return;
        }
        LOG.errorf("Realm '%s': a token with SMART scopes for client %s was refused: the SMART checks did not run "
                        + "(the client lacks the smart-context client scope or one of its mappers)",
                session.getContext().getRealm() == null ? "?" : session.getContext().getRealm().getName(), access.getIssuedFor());
        throw new IssuanceRefusal(OAuthErrorException.INVALID_SCOPE, NOT_CHECKED_DESCRIPTION);
    }

    /** Names the launch's patient and {@code aud} in the refresh token (and, for a narrowed refresh, the access token). */
    public void bindToLaunch(AccessToken access, RefreshToken refresh, JsonWebToken presented) {
        if (refresh == null || access == null) {
            return;
        }
        LaunchContext launch = LaunchContexts.resolvedInThisRequest(session);
        if (access.getOtherClaims().get(LaunchContexts.PATIENT_CLAIM) instanceof String patient) {
            if (launch == null || !patient.equals(launch.patient())) {
                return; // not a launch's patient (a member-scoped B2B token): its own rules bind it
            }
            refresh.getOtherClaims().put(LaunchContexts.LAUNCH_PATIENT_CLAIM, patient);
            if (launch.aud() != null) {
                refresh.getOtherClaims().put(LaunchContexts.LAUNCH_AUD_CLAIM, launch.aud());
            }
        } else if (presented != null && LaunchContexts.launchPatient(presented) != null) {
            // A refresh narrowed to scopes without a patient context still belongs to its launch, and so does its
            // access token: introspection ends it with the launch (per-patient withdrawal, security review 2 M3).
            refresh.getOtherClaims().put(LaunchContexts.LAUNCH_PATIENT_CLAIM, LaunchContexts.launchPatient(presented));
            access.getOtherClaims().put(LaunchContexts.LAUNCH_PATIENT_CLAIM, LaunchContexts.launchPatient(presented));
            String aud = LaunchContexts.launchAud(presented);
            if (aud != null) {
                refresh.getOtherClaims().put(LaunchContexts.LAUNCH_AUD_CLAIM, aud);
            }
        }
    }
}
