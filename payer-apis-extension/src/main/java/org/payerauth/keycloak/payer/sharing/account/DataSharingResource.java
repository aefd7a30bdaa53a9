package org.payerauth.keycloak.payer.sharing.account;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.payerauth.keycloak.common.account.AccountPageRequests;
import org.payerauth.keycloak.payer.sharing.MemberSharingChoices;
import org.payerauth.keycloak.payer.sharing.MemberSharingChoices.MemberPatient;
import org.payerauth.keycloak.payer.sharing.SharingEvents;
import org.payerauth.keycloak.payer.sharing.SharingJson;
import org.payerauth.keycloak.payer.sharing.fhir.ConsentSearch;
import org.payerauth.keycloak.payer.page.StaffPages;
import org.payerauth.sharing.Choice;
import org.payerauth.sharing.ChoiceChange;
import org.payerauth.sharing.ChoiceChange.ActingAs;
import org.payerauth.sharing.ChoiceChange.Channel;
import org.payerauth.sharing.ChoiceHistory;
import org.payerauth.sharing.SharingDefaults;
import org.payerauth.sharing.SharingException;

/**
 * {@code /realms/{realm}/data-sharing}: the signed-in member's data-sharing choices, for the account console page
 * "Data sharing", and ({@code /fhir}) the Consent API the FHIR server reads them from ({@link ConsentSearch}).
 *
 * <p>The member is the one of the realm's SSO session (Keycloak's identity cookie, as the account console itself is
 * signed in). A change needs the {@value #CSRF_HEADER} header, which a cross-site page cannot send without a CORS
 * preflight this resource never grants, and a same-origin {@code Origin} when one is sent.
 * <ul>
 *   <li>{@code GET /}: the member's own patient and the patients they act for, each with the current value of every
 *       choice and whether the member may change it;</li>
 *   <li>{@code POST /patients/{patient}/choices/{choice}} with {@code {"current": "...", "value": "..."}}: records
 *       one change ({@code current} is the value the member saw: a stale form is refused) and answers the patient's
 *       choices as they are now. A {@code UPDATE_CONSENT} user event names the patient, the choice and both values.</li>
 * </ul>
 */
public final class DataSharingResource {

    /** Required on changes (any value). */
    public static final String CSRF_HEADER = AccountPageRequests.CSRF_HEADER;

    private final KeycloakSession session;

    DataSharingResource(KeycloakSession session) {
        this.session = session;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list() {
        Optional<UserModel> member = AccountPageRequests.member(session);
        if (member.isEmpty()) {
            return AccountPageRequests.notSignedIn();
        }
        MemberSharingChoices choices = new MemberSharingChoices(session, realm());
        List<MemberPatient> patients = choices.patientsOf(member.get());
        SharingDefaults defaults = choices.defaults();
        Map<String, ChoiceHistory> histories = choices.store().histories(patients.stream().map(MemberPatient::id).toList());
        return SharingJson.json(200, Map.of(
                "patients", patients.stream().map(p -> SharingJson.patient(p, histories.get(p.id()), defaults)).toList(),
                "defaults", Map.of(Choice.SENSITIVE_DATA_FOR_APPS.name(), defaults.sensitiveDataForApps().name())));
    }

    @POST
    @Path("patients/{patient}/choices/{choice}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response change(@PathParam("patient") String patient, @PathParam("choice") String choiceName, String body) {
        Optional<Response> crossSite = AccountPageRequests.refuseCrossSite(session);
        if (crossSite.isPresent()) {
            return crossSite.get();
        }
        Optional<UserModel> member = AccountPageRequests.member(session);
        if (member.isEmpty()) {
            return AccountPageRequests.notSignedIn();
        }
        UserModel user = member.get();
        RealmModel realm = realm();
        MemberSharingChoices choices = new MemberSharingChoices(session, realm);
        try {
            ActingAs actingAs = choices.actingAs(user, patient);
            Choice choice = Choice.named(choiceName);
            Map<String, String> fields = SharingJson.body(body);
            ChoiceChange change = choices.record(patient, new ChoiceHistory.Request(choice, fields.get("current"),
                    fields.get("value"), user.getId(), actingAs, Channel.ACCOUNT_PAGE, null));
            SharingEvents.userEvent(new EventBuilder(realm, session, session.getContext().getConnection()), user, change);
            MemberPatient shown = choices.patientsOf(user).stream().filter(p -> p.id().equals(patient)).findFirst()
                    .orElseThrow();
            return SharingJson.json(200, SharingJson.patient(shown, choices.store().history(patient), choices.defaults()));
        } catch (SharingException refused) {
            SharingEvents.userEventRefused(new EventBuilder(realm, session, session.getContext().getConnection()), user,
                    refused);
            return SharingJson.refused(refused);
        } catch (SharingJson.BadRequest bad) {
            return SharingJson.error(400, "invalid_request", bad.getMessage());
        }
    }

    /** The FHIR server's Consent API (its own client credentials; not the member's session). */
    @Path("fhir")
    public ConsentSearch fhir() {
        return new ConsentSearch(session);
    }

    /** The staff page (static files; staff sign in on it, then call the admin REST API). */
    @Path("staff")
    public StaffPages staff() {
        return StaffPages.dataSharing(session);
    }

    private RealmModel realm() {
        return session.getContext().getRealm();
    }
}
