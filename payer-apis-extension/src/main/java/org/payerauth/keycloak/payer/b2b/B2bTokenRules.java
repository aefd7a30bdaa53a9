package org.payerauth.keycloak.payer.b2b;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.core.MultivaluedMap;

import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.representations.RefreshToken;
import org.payerauth.b2b.B2bApi;
import org.payerauth.b2b.B2bClaims;
import org.payerauth.b2b.B2bContext;
import org.payerauth.b2b.MemberAccess;
import org.payerauth.keycloak.common.SmartClaims;
import org.payerauth.keycloak.common.b2b.B2bRequests;
import org.payerauth.keycloak.common.issuance.IssuanceRefusal;
import org.payerauth.keycloak.common.issuance.IssuanceRules;
import org.payerauth.keycloak.common.metrics.PayerAuthMetrics;
import org.payerauth.keycloak.payer.sharing.MemberSharingChoices;
import org.payerauth.sharing.SensitiveData;

/**
 * The B2B rules on every token response (CMS-0057-F Provider Access and Payer-to-Payer):
 * <ul>
 *   <li>a {@code client_credentials} token of a client with a B2B context carries it as the {@link B2bClaims}: from
 *       the UDAP client assertion's {@code hl7-b2b} (read by UDAP client authentication), or from the client's
 *       {@link B2bOrganizationMapper} settings for a SMART Backend Services client; the client's settings name its
 *       CMS API (over its community's) and map its NPI to a Provider Access Group;</li>
 *   <li>a {@code client_credentials} request with {@value #PATIENT_PARAMETER}{@code =<Patient id>} (the {@code MemberId}
 *       a {@code $member-match} returned, PDex §pdex-201) asks for a member-scoped token: issued only when the
 *       member's current choice allows it for the client's API ({@link MemberAccess}), with {@code patient} and
 *       {@code sensitive_data}; refused with {@code invalid_grant} otherwise;</li>
 *   <li>a refresh keeps the token's context and member: it cannot add, drop or change the member, and the member's
 *       choice is checked again.</li>
 * </ul>
 * The token endpoint's event of the request records the context and the member (or the refusal).
 */
public final class B2bTokenRules implements IssuanceRules {

    /** The token request parameter naming the member's Patient FHIR id. */
    public static final String PATIENT_PARAMETER = "patient";
    /** Refresh-token claim: the member a member-scoped grant is limited to. */
    static final String MEMBER_PATIENT = "b2b_member_patient";
    /** Event detail: why a member-scoped token was refused. */
    static final String REFUSAL_DETAIL = "b2b_refusal";

    private static final List<String> CARRIED = java.util.stream.Stream.concat(B2bClaims.ALL.stream(),
            java.util.stream.Stream.of(B2bClaims.UDAP_ISS)).toList();
    private static final Logger LOG = Logger.getLogger(B2bTokenRules.class);

    private final KeycloakSession session;

    public B2bTokenRules(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public String protocol() {
        return "b2b";
    }

    @Override
    public void tokenResponse(AccessToken accessToken, RefreshToken refreshToken, RefreshToken presentedRefreshToken) {
        ClientModel client = session.getContext().getClient();
        RealmModel realm = session.getContext().getRealm();
        if (client == null || realm == null || accessToken == null || session.getContext().getHttpRequest() == null) {
            return;
        }
        MultivaluedMap<String, String> form = session.getContext().getHttpRequest().getDecodedFormParameters();
        String grant = form.getFirst(OAuth2Constants.GRANT_TYPE);
        String requested = form.getFirst(PATIENT_PARAMETER);
        Map<String, Object> claims;
        String member;
        if (OAuth2Constants.CLIENT_CREDENTIALS.equals(grant)) {
            claims = contextClaims(client);
            member = requested;
        } else if (OAuth2Constants.REFRESH_TOKEN.equals(grant) && presentedRefreshToken != null
                && isB2b(presentedRefreshToken)) {
            claims = carried(presentedRefreshToken);
            member = presentedRefreshToken.getOtherClaims().get(MEMBER_PATIENT) instanceof String p ? p : null;
            if (requested != null && !requested.equals(member)) {
                throw refused(OAuthErrorException.INVALID_GRANT, "A refresh cannot change the member a token is "
                        + "limited to; ask for a new token with client_credentials", requested);
            }
        } else {
            return;
        }
        if (claims.isEmpty() && member == null) {
            return;
        }
        EventBuilder event = B2bRequests.event(session);
        if (event != null) {
            event.client(client); // a JWT-authenticated request may name no client_id parameter
        }
        describe(event, claims);
        if (member != null) {
            if (!MemberAccess.isPatientId(member)) {
                throw refused(OAuthErrorException.INVALID_REQUEST, "patient must be the member's Patient FHIR id (the "
                        + "MemberId $member-match returned)", null);
            }
            B2bApi api = B2bApi.fromSetting(claims.get(B2bClaims.API) instanceof String a ? a : null).orElse(null);
            MemberAccess.Decision decision = new MemberSharingChoices(session, realm).memberAccess(member, api);
            String apiTag = api == null ? "none" : api.setting();
            if (!decision.allowed()) {
                PayerAuthMetrics.b2bMemberToken(realm.getName(), apiTag, "refused");
                throw refused(api == null ? OAuthErrorException.UNAUTHORIZED_CLIENT : OAuthErrorException.INVALID_GRANT,
                        decision.refusal(), member);
            }
            PayerAuthMetrics.b2bMemberToken(realm.getName(), apiTag, "issued");
            claims.put(B2bClaims.PATIENT, member);
            claims.put(B2bClaims.SENSITIVE_DATA, sensitiveDataClaim(decision));
            if (event != null) {
                event.detail(B2bClaims.PATIENT, member).detail(B2bClaims.SENSITIVE_DATA, (String) claims.get(B2bClaims.SENSITIVE_DATA));
            }
            LOG.debugf("Realm '%s': member-scoped B2B token for client %s, patient %s (%s)", realm.getName(),
                    client.getClientId(), member, apiTag);
        }
        accessToken.getOtherClaims().putAll(claims);
        if (refreshToken != null) {
            refreshToken.getOtherClaims().putAll(claims);
            if (member != null) {
                refreshToken.getOtherClaims().put(MEMBER_PATIENT, member);
            }
        }
    }

    /** The {@code sensitive_data} claim of an allowed member-scoped token. */
    static String sensitiveDataClaim(MemberAccess.Decision decision) {
        return decision.sensitiveData() == SensitiveData.INCLUDE ? SmartClaims.SENSITIVE_INCLUDE : SmartClaims.SENSITIVE_EXCLUDE;
    }

    /** The claims of this client_credentials request's B2B context, empty when the client has none. */
    private Map<String, Object> contextClaims(ClientModel client) {
        Optional<B2bOrganizationMapper.Settings> settings = B2bOrganizationMapper.settingsOf(client);
        B2bContext context = B2bRequests.assertionContext(session);
        if (context == null) {
            context = settings.map(B2bOrganizationMapper.Settings::context).orElse(null);
        } else if (settings.isPresent() && settings.get().api() != null) {
            context = context.withApi(settings.get().api());
        }
        if (context != null && settings.isPresent() && context.api() == B2bApi.PROVIDER_ACCESS) {
            context = context.withGroupIfNone(settings.get().groupFor(context.npi()));
        }
        Map<String, Object> claims = new LinkedHashMap<>(context == null ? Map.of() : B2bClaims.of(context));
        B2bRequests.UdapIdentity udap = B2bRequests.udapIdentity(session);
        if (udap != null) {
            put(claims, B2bClaims.UDAP_ISS, udap.iss());
            put(claims, B2bClaims.UDAP_COMMUNITY, udap.community());
            put(claims, B2bClaims.UDAP_CERTIFICATE_THUMBPRINT, udap.certificateThumbprint());
        }
        return claims;
    }

    private static boolean isB2b(JsonWebToken token) {
        return token.getOtherClaims().containsKey(MEMBER_PATIENT)
                || B2bClaims.ALL.stream().anyMatch(token.getOtherClaims()::containsKey);
    }

    /** The B2B claims a (verified) token carries, to carry them on. */
    static Map<String, Object> carried(JsonWebToken token) {
        Map<String, Object> claims = new LinkedHashMap<>();
        for (String name : CARRIED) {
            Object value = token.getOtherClaims().get(name);
            if (value != null) {
                claims.put(name, value);
            }
        }
        return claims;
    }

    private static void put(Map<String, Object> claims, String name, String value) {
        if (value != null) {
            claims.put(name, value);
        }
    }

    /** Records the B2B context in the event of this request. */
    static void describe(EventBuilder event, Map<String, Object> claims) {
        if (event == null) {
            return;
        }
        for (String name : List.of(B2bClaims.API, B2bClaims.ORGANIZATION_ID, B2bClaims.NPI, B2bClaims.GROUP,
                B2bClaims.UDAP_COMMUNITY)) {
            if (claims.get(name) instanceof String value) {
                event.detail(name, value);
            }
        }
        if (claims.get(B2bClaims.PURPOSE_OF_USE) instanceof List<?> purposes) {
            event.detail(B2bClaims.PURPOSE_OF_USE, purposes.stream().map(String::valueOf).toList());
        }
    }

    private IssuanceRefusal refused(String error, String description, String patient) {
        EventBuilder event = B2bRequests.event(session);
        if (event != null) {
            event.client(session.getContext().getClient());
            if (patient != null && MemberAccess.isPatientId(patient)) {
                event.detail(B2bClaims.PATIENT, patient);
            }
            event.detail(REFUSAL_DETAIL, description);
        }
        return new IssuanceRefusal(error, description);
    }
}
