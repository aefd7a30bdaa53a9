package org.payerauth.keycloak.smart.account;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.payerauth.keycloak.common.account.AccountPageRequests;
import org.payerauth.keycloak.common.metrics.PayerAuthMetrics;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserConsentModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.UserConsentManager;
import org.payerauth.keycloak.common.settings.RealmSettings;
import org.payerauth.keycloak.smart.consent.PatientConsentStore;
import org.payerauth.keycloak.smart.flow.SmartFlowSupport;
import org.payerauth.keycloak.common.apps.AppPrivacy;
import org.payerauth.keycloak.common.patient.PatientLinks;
import org.payerauth.smart.PatientConsents;

/**
 * The signed-in member's SMART consents, per app and patient, for the account console page "Apps and patients".
 * The caller is the member of the realm's SSO session (Keycloak's identity cookie, as the account console itself is
 * signed in). Withdrawing needs the {@value #CSRF_HEADER} header, which a cross-site page cannot send without a CORS
 * preflight this resource never grants, and a same-origin {@code Origin} when one is sent.
 *
 * <ul>
 *   <li>{@code GET /} lists the apps with a consent: for each, the patients it was allowed for and the scopes, or
 *       {@code allPatients: true} for a consent given before consents were kept per patient (only in a realm that
 *       names its upgrade, {@link RealmSettings#CONSENTS_PER_PATIENT_SINCE}); an app left without records lists no
 *       patient and covers none.</li>
 *   <li>{@code DELETE /{clientId}/patients/{patient}} withdraws one patient: that launch's tokens are refused from
 *       the next refresh or introspection on; the last patient withdraws the app.</li>
 *   <li>{@code DELETE /{clientId}} withdraws the app (Keycloak's consent revocation: sessions and offline tokens of
 *       the app end).</li>
 * </ul>
 * Both write a {@code REVOKE_GRANT} event.
 */
public final class PatientConsentsResource {

    /** Required on withdrawals (any value). */
    public static final String CSRF_HEADER = AccountPageRequests.CSRF_HEADER;
    private static final String PATIENT_DETAIL = "smart_patient";
    private static final Logger LOG = Logger.getLogger(PatientConsentsResource.class);

    private final KeycloakSession session;

    PatientConsentsResource(KeycloakSession session) {
        this.session = session;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list() {
        Optional<UserModel> member = AccountPageRequests.member(session);
        if (member.isEmpty()) {
            return AccountPageRequests.notSignedIn();
        }
        UserModel user = member.get();
        RealmModel realm = session.getContext().getRealm();
        PatientConsents records = PatientConsentStore.read(user);
        Map<String, String> names = new LinkedHashMap<>();
        PatientLinks.of(session, realm).all(user).forEach(l -> names.putIfAbsent(l.patient().id(), l.patient().displayName()));
        Optional<Instant> recordsSince = RealmSettings.of(session, realm).consentsPerPatientSince();
        String notice = RealmSettings.of(session, realm).unattestedNotice();
        Instant now = Instant.ofEpochMilli(org.keycloak.common.util.Time.currentTimeMillis());
        List<Map<String, Object>> apps = new ArrayList<>();
        UserConsentManager.getConsentsStream(session, realm, user).forEach(consent -> {
            ClientModel client = consent.getClient();
            List<Map<String, Object>> patients = new ArrayList<>();
            records.entries().stream().filter(e -> e.app().equals(client.getId())).forEach(e -> patients.add(Map.of(
                    "id", e.patient(), "name", names.getOrDefault(e.patient(), e.patient()),
                    "scopes", e.scopes().stream().sorted().toList())));
            Map<String, Object> app = new LinkedHashMap<>();
            app.put("clientId", client.getClientId());
            app.put("name", SmartFlowSupport.clientName(client));
            app.put("allPatients", records.coversEveryPatient(client.getId(), PatientConsentStore.written(consent), recordsSince));
            app.put("patients", patients);
            app.put("scopes", consent.getGrantedClientScopes().stream().map(s -> s.getName()).sorted().toList());
            app.put("privacy", AppPrivacy.view(AppPrivacy.attestation(client, now), notice));
            apps.add(app);
        });
        return json(Response.Status.OK, Map.of("apps", apps));
    }

    @DELETE
    @Path("{clientId}/patients/{patient}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response withdrawPatient(@PathParam("clientId") String clientId, @PathParam("patient") String patient) {
        Optional<Response> refused = AccountPageRequests.refuseCrossSite(session);
        if (refused.isPresent()) {
            return refused.get();
        }
        Optional<UserModel> member = AccountPageRequests.member(session);
        if (member.isEmpty()) {
            return AccountPageRequests.notSignedIn();
        }
        UserModel user = member.get();
        RealmModel realm = session.getContext().getRealm();
        ClientModel client = realm.getClientByClientId(clientId);
        PatientConsents records = PatientConsentStore.read(user);
        if (client == null || records.scopes(client.getId(), patient).isEmpty()) {
            return error(Response.Status.NOT_FOUND, "not_found", "No consent to this app for this patient");
        }
        PatientConsents rest = records.without(client.getId(), patient);
        PatientConsentStore.write(user, rest);
        if (!rest.recordedFor(client.getId())) {
            UserConsentManager.revokeConsentToClient(session, client, user);
        }
        event(user, client).detail(PATIENT_DETAIL, patient).success();
        PayerAuthMetrics.consentWithdrawn(realm.getName(), "patient");
        LOG.infof("Realm '%s': user id %s withdrew consent to %s for one patient", realm.getName(), user.getId(), clientId);
        return Response.noContent().build();
    }

    @DELETE
    @Path("{clientId}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response withdrawApp(@PathParam("clientId") String clientId) {
        Optional<Response> refused = AccountPageRequests.refuseCrossSite(session);
        if (refused.isPresent()) {
            return refused.get();
        }
        Optional<UserModel> member = AccountPageRequests.member(session);
        if (member.isEmpty()) {
            return AccountPageRequests.notSignedIn();
        }
        UserModel user = member.get();
        RealmModel realm = session.getContext().getRealm();
        ClientModel client = realm.getClientByClientId(clientId);
        UserConsentModel consent = client == null ? null : UserConsentManager.getConsentByClient(session, realm, user, client.getId());
        if (consent == null) {
            return error(Response.Status.NOT_FOUND, "not_found", "No consent to this app");
        }
        PatientConsentStore.write(user, PatientConsentStore.read(user).withoutApp(client.getId()));
        UserConsentManager.revokeConsentToClient(session, client, user);
        event(user, client).success();
        PayerAuthMetrics.consentWithdrawn(realm.getName(), "app");
        return Response.noContent().build();
    }


    private EventBuilder event(UserModel user, ClientModel client) {
        RealmModel realm = session.getContext().getRealm();
        return new EventBuilder(realm, session, session.getContext().getConnection())
                .event(EventType.REVOKE_GRANT).user(user).client(client).detail(Details.REVOKED_CLIENT, client.getClientId());
    }

    private static Response error(Response.Status status, String error, String description) {
        return json(status, Map.of("error", error, "error_description", description));
    }

    private static Response json(Response.Status status, Object body) {
        return Response.status(status).entity(body).type(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }
}
