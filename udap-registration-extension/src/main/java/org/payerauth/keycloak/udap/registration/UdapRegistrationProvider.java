package org.payerauth.keycloak.udap.registration;

import org.payerauth.keycloak.common.apps.AppReviews;
import org.payerauth.udap.certification.AcceptedCertification;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.clientregistration.ClientRegistrationAuth;
import org.keycloak.services.clientregistration.ClientRegistrationProvider;
import org.payerauth.keycloak.udap.community.KeycloakCrlSource;
import org.payerauth.keycloak.common.metrics.PayerAuthMetrics;
import org.payerauth.keycloak.udap.community.TrustCommunityComponentFactory;
import org.payerauth.keycloak.udap.community.TrustCommunityConfig;
import org.payerauth.keycloak.common.replay.SingleUseReplayGuard;
import org.payerauth.keycloak.common.endpoints.RealmEndpoints;
import org.payerauth.keycloak.common.http.OAuthErrorResponses;
import org.payerauth.keycloak.common.settings.RealmSettings;
import org.payerauth.udap.registration.ClientMetadata;
import org.payerauth.udap.RegistrationSettings;
import org.payerauth.udap.registration.SoftwareStatementValidator;
import org.payerauth.udap.pki.TrustCommunity;
import org.payerauth.udap.UdapException;
import org.payerauth.keycloak.common.UdapClientAttributes;
import org.payerauth.udap.Reason;
import org.keycloak.models.ClientModel;
import org.payerauth.udap.registration.AdminBlock;
import org.payerauth.udap.registration.RegistrationLimits;
import org.payerauth.udap.registration.ReservationStore;
import org.payerauth.udap.registration.RegistrationScopePolicy;
import org.payerauth.udap.registration.ValidatedRegistration;

/**
 * {@code POST /realms/{realm}/clients-registrations/udap}: UDAP Dynamic Client Registration. Anonymous: trust comes
 * from the software statement's certificate chain, so Keycloak's anonymous-registration policies (trusted hosts,
 * max clients, ...) do not apply here; the realm's own UDAP quota ({@link RegistrationLimits}) does. New registration → 201, same (iss, community) again → 200 (replaced),
 * empty {@code grant_types} → 200 (cancelled); every rejection → 400 {@code {error, error_description}} and nothing
 * changes. Every outcome is a Keycloak event.
 */
public final class UdapRegistrationProvider implements ClientRegistrationProvider {

    static final String DETAIL_ISS = "udap_iss";
    static final String DETAIL_COMMUNITY = "udap_community";
    static final String DETAIL_CERTIFICATE = "certificate_sha256";

    private static final Logger LOG = Logger.getLogger(UdapRegistrationProvider.class);
    private static final int WRITE_ATTEMPTS = 3;

    private final KeycloakSession session;
    private ClientRegistrationAuth auth;
    private EventBuilder event;

    UdapRegistrationProvider(KeycloakSession session) {
        this.session = session;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response register(String body) {
        RealmModel realm = session.getContext().getRealm();
        event.event(EventType.CLIENT_REGISTER);
        MediaType type = session.getContext().getHttpRequest().getHttpHeaders().getMediaType();
        if (type == null || !MediaType.APPLICATION_JSON_TYPE.isCompatible(type) || type.isWildcardType()
                || type.isWildcardSubtype()) {
            return reject(realm, UdapException.malformedRequest("Content-Type must be application/json"));
        }
        TrustCommunityComponentFactory trust = TrustCommunityComponentFactory.of(session);
        List<TrustCommunity> communities = trust.communities(realm, TrustCommunity.Use.CLIENT_APPS);
        RealmSettings realmSettings = RealmSettings.of(session, realm);
        RegistrationSettings settings = realmSettings.udap();
        RegistrationScopePolicy scopes = realmSettings.registrationScopes();
        RegistrationLimits limits = realmSettings.registrationLimits();
        List<RegistrationLimits.Hold> holds = new ArrayList<>(2);
        ValidatedRegistration registration;
        UdapClientWriter.Result result;
        try {
            registration = new SoftwareStatementValidator(trust.chains(), Clock.systemUTC(),
                    community -> trust.certifications(realm, community)).validate(body,
                    RealmEndpoints.of(session, realm).udapRegistrationEndpoint(), communities, settings,
                    new SingleUseReplayGuard(session),
                    (iss, community, metadata) -> admit(realm, iss, community, metadata, limits, holds),
                    new KeycloakCrlSource(session), LOG::warn);
            event.detail(DETAIL_ISS, registration.iss())
                    .detail(DETAIL_COMMUNITY, registration.community().uri())
                    .detail(DETAIL_CERTIFICATE, registration.certificateThumbprint());
            result = write(realm, registration, settings, scopes, holds);
        } catch (UdapException e) {
            // nothing was written: the quota place and the app's interval this request took are free again
            Instant now = Instant.now();
            holds.forEach(hold -> hold.release(reservations(), now));
            return reject(realm, e);
        }
        event.client(result.clientId());
        switch (result.outcome()) {
            case CREATED -> event.event(EventType.CLIENT_REGISTER);
            case UPDATED -> event.event(EventType.CLIENT_UPDATE);
            case CANCELLED -> event.event(EventType.CLIENT_DELETE);
        }
        event.success();
        PayerAuthMetrics.udapRegistration(realm.getName(), switch (result.outcome()) {
            case CREATED -> "registered";
            case UPDATED -> "updated";
            case CANCELLED -> "cancelled";
        }, null);
        LOG.infof("Realm '%s': UDAP registration %s: client %s, community %s, certificate %s", realm.getName(),
                result.outcome().name().toLowerCase(java.util.Locale.ROOT), result.clientId(),
                registration.community().uri(), registration.certificateThumbprint());
        return OAuthErrorResponses.noStore(Response.status(result.outcome() == UdapClientWriter.Outcome.CREATED ? 201 : 200)
                .entity(body(registration, result))).build();
    }

    /**
     * Admin decisions stick: an app the administrator disabled (not cancelled by the app itself) or marked
     * {@value UdapClientAttributes#BLOCKED} is refused and left as it is; so is the same {@code iss} in every other
     * trust community, unless the block is confined to its community ({@value UdapClientAttributes#BLOCK_SCOPE}); a
     * cancel needs a registration to cancel. Then the realm's quota: a new app takes a place within
     * {@code udap.maxClients}, a repeated one the app's interval {@code udap.minRegistrationIntervalSeconds} (cancels
     * are never throttled); what it took is added to {@code holds}. Asked before the statement's {@code jti} is
     * recorded, so a refused statement stays unused.
     */
    private void admit(RealmModel realm, String iss, TrustCommunity community, ClientMetadata metadata,
                       RegistrationLimits limits, List<RegistrationLimits.Hold> holds) throws UdapException {
        ClientModel existing = realm.getClientByClientId(UdapClientIds.of(community.uri(), iss));
        boolean active = existing != null && existing.getAttribute(UdapClientAttributes.CANCELLED_AT) == null;
        if (existing != null && block(existing).blocked()) {
            throw AdminBlock.refusalHere();
        }
        if (metadata.isCancel() && !active) {
            throw UdapException.invalidMetadata("There is no registration of this iss in this trust community to cancel");
        }
        if (!metadata.isCancel()) {
            refuseIfBlockedInAnotherCommunity(realm, iss, community.uri());
        }
        Instant now = Instant.now();
        if (limits.throttles() && !metadata.isCancel()) {
            holds.add(limits.admitAgain(realm.getId(), community.uri(), iss, reservations(), now));
        }
        if (existing == null) {
            holds.add(limits.admitNewClient(realm.getId(), realm::getClientsCount, reservations(), now));
        }
    }

    /**
     * The app's registrations in the realm's other trust communities (every community configured in the realm,
     * whatever it is trusted for, invalid ones included): one lookup each by the derived, unique and indexed
     * client_id, never a search of the realm's clients. A cancel is never held back here: it only switches off the
     * app's registration in its own community.
     */
    private static void refuseIfBlockedInAnotherCommunity(RealmModel realm, String iss, String communityUri)
            throws UdapException {
        List<String> others = TrustCommunityComponentFactory.components(realm)
                .map(model -> model.get(TrustCommunityConfig.COMMUNITY_URI))
                .filter(uri -> uri != null && !uri.equals(communityUri))
                .distinct().toList();
        for (String other : others) {
            ClientModel registration = realm.getClientByClientId(UdapClientIds.of(other, iss));
            if (registration != null && iss.equals(registration.getAttribute(UdapClientAttributes.ISS))
                    && block(registration).refusesOtherCommunities()) {
                throw AdminBlock.refusalElsewhere(other);
            }
        }
    }

    private static AdminBlock block(ClientModel client) {
        return AdminBlock.of(client.getAttribute(UdapClientAttributes.BLOCKED), client.isEnabled(),
                client.getAttribute(UdapClientAttributes.CANCELLED_AT) != null,
                client.getAttribute(UdapClientAttributes.BLOCK_SCOPE));
    }

    private ReservationStore reservations() {
        return new SingleUseReservations(session.singleUseObjects());
    }

    /**
     * Writes in its own transaction so that two concurrent registrations of one key, which collide on the unique
     * client_id, end in one create and one update rather than an error. A registration holding a place in the quota
     * commits only while that place is surely still its own ({@link RegistrationLimits.Hold#requireWriteInTime}).
     */
    private UdapClientWriter.Result write(RealmModel realm, ValidatedRegistration registration,
                                          RegistrationSettings settings, RegistrationScopePolicy scopes,
                                          List<RegistrationLimits.Hold> holds)
            throws UdapException {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
            try {
                return KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(),
                        session.getContext(), s -> {
                            try {
                                UdapClientWriter.Result written = UdapClientWriter.write(s,
                                        s.realms().getRealm(realm.getId()), registration, settings, scopes);
                                Instant now = Instant.now();
                                for (RegistrationLimits.Hold hold : holds) {
                                    hold.requireWriteInTime(now);
                                }
                                return written;
                            } catch (UdapException e) {
                                throw new Refused(e);
                            }
                        }, "udap-registration");
            } catch (Refused refused) {
                throw refused.reason;
            } catch (ModelDuplicateException e) {
                last = e;
                LOG.debugf("UDAP registration write collided (attempt %d); retrying", attempt);
            } catch (RuntimeException e) {
                if (!isConstraintViolation(e) || attempt == WRITE_ATTEMPTS) {
                    throw e;
                }
                last = e;
                LOG.debugf("UDAP registration write collided (attempt %d); retrying", attempt);
            }
        }
        throw last;
    }

    private static boolean isConstraintViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ModelDuplicateException || t.getClass().getName().contains("ConstraintViolation")) {
                return true;
            }
        }
        return false;
    }

    private Response reject(RealmModel realm, UdapException e) {
        event.event(EventType.CLIENT_REGISTER).detail(Details.REASON, e.description()).error(e.error());
        PayerAuthMetrics.udapRegistration(realm.getName(), "refused", e.reason());
        LOG.debugf("Realm '%s': UDAP registration refused: %s (%s)", realm.getName(), e.error(), e.description());
        if (e.reason() == Reason.REGISTRATION_THROTTLED) {
            return OAuthErrorResponses.errorBuilder(Response.Status.TOO_MANY_REQUESTS, e.error(), e.description())
                    .header("Retry-After", RealmSettings.of(session, realm).registrationLimits().minInterval().toSeconds())
                    .build();
        }
        return OAuthErrorResponses.error(Response.Status.BAD_REQUEST, e.error(), e.description());
    }

    /** RFC 7591 §3.2.1: client_id, the statement as submitted, and the registered parameters as top-level members. */
    private Map<String, Object> body(ValidatedRegistration registration, UdapClientWriter.Result result) {
        ClientMetadata metadata = registration.metadata();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("client_id", result.clientId());
        json.put("software_statement", registration.softwareStatement());
        json.put("client_name", metadata.clientName());
        json.put("grant_types", metadata.grantTypes());
        json.put("token_endpoint_auth_method", metadata.tokenEndpointAuthMethod());
        if (!metadata.isCancel()) {
            json.put("scope", result.grantedScope());
        }
        json.put("contacts", metadata.contacts());
        if (metadata.isAuthorizationCode()) {
            json.put("redirect_uris", metadata.redirectUris());
            json.put("response_types", metadata.responseTypes());
            json.put("logo_uri", metadata.logoUri());
        }
        if (result.clientSecret() != null) {
            json.put("client_secret", result.clientSecret());
            json.put("client_secret_expires_at", 0);
        }
        ClientModel client = result.outcome() == UdapClientWriter.Outcome.CANCELLED ? null
                : session.getContext().getRealm().getClientByClientId(result.clientId());
        if (client != null && AppReviews.state(client) != org.payerauth.apps.AppReview.State.APPROVED) {
            // the payer's approval step: registered, but no tokens until an administrator approves the app
            json.put("payer_review_status", AppReviews.state(client).value());
        }
        if (!registration.certifications().isEmpty()) {
            // udap.org C&E §6: the accepted certifications are returned
            json.put("certifications", AcceptedCertification.jwts(registration.certifications()));
        }
        return json;
    }

    @Override
    public void setAuth(ClientRegistrationAuth auth) {
        this.auth = auth;
    }

    @Override
    public ClientRegistrationAuth getAuth() {
        return auth;
    }

    @Override
    public void setEvent(EventBuilder event) {
        this.event = event;
    }

    @Override
    public EventBuilder getEvent() {
        return event;
    }

    @Override
    public void close() {
    }

    /** Carries a refusal out of the transaction lambda (which rolls the transaction back). */
    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient UdapException reason;

        Refused(UdapException reason) {
            super(reason.description(), null, false, false);
            this.reason = reason;
        }
    }
}
