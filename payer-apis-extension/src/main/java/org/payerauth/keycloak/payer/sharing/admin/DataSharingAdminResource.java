package org.payerauth.keycloak.payer.sharing.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.payerauth.keycloak.payer.sharing.MemberSharingChoices;
import org.payerauth.keycloak.payer.sharing.MemberSharingChoices.MemberPatient;
import org.payerauth.keycloak.payer.sharing.SharingEvents;
import org.payerauth.keycloak.payer.sharing.SharingJson;
import org.payerauth.sharing.Choice;
import org.payerauth.sharing.ChoiceChange;
import org.payerauth.sharing.ChoiceChange.ActingAs;
import org.payerauth.sharing.ChoiceChange.Channel;
import org.payerauth.sharing.ChoiceHistory;
import org.payerauth.sharing.SharingDefaults;
import org.payerauth.sharing.SharingException;

/**
 * {@code /admin/realms/{realm}/data-sharing}: staff (a call centre) see and change a member's data-sharing choices
 * on the member's behalf, with Keycloak's user permissions.
 * <ul>
 *   <li>{@code GET users/{userId}} (view the user): the member's patients (their own and those they act for), each
 *       with the current choices and the whole history (who, when, through which channel, why);</li>
 *   <li>{@code POST users/{userId}/patients/{patient}/choices/{choice}} (manage the user) with
 *       {@code {"current": "...", "value": "...", "reason": "..."}}: records the change as made by staff; the reason
 *       is required. An admin event ({@code UPDATE} of the user) carries the change.</li>
 * </ul>
 * Staff may record for any patient the member acts for, also where the member may only view: the request may come
 * from the patient themselves.
 */
public final class DataSharingAdminResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    DataSharingAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
                             AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    @GET
    @Path("users/{userId}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response member(@PathParam("userId") String userId) {
        Optional<UserModel> found = user(userId);
        if (found.isEmpty()) {
            auth.users().requireQuery();
            return SharingJson.error(404, "not_found", "No such user in this realm");
        }
        UserModel member = found.get();
        auth.users().requireView(member);
        MemberSharingChoices choices = new MemberSharingChoices(session, realm);
        List<MemberPatient> patients = choices.patientsOf(member);
        SharingDefaults defaults = choices.defaults();
        Map<String, ChoiceHistory> histories = choices.store().histories(patients.stream().map(MemberPatient::id).toList());
        List<Map<String, Object>> json = new ArrayList<>();
        for (MemberPatient patient : patients) {
            ChoiceHistory history = histories.get(patient.id());
            Map<String, Object> one = new LinkedHashMap<>(SharingJson.patient(patient, history, defaults));
            one.put("history", history.changes().stream().map(SharingJson::change).toList());
            json.add(one);
        }
        return SharingJson.json(200, Map.of("userId", member.getId(), "username", member.getUsername(), "patients", json));
    }

    @POST
    @Path("users/{userId}/patients/{patient}/choices/{choice}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response change(@PathParam("userId") String userId, @PathParam("patient") String patient,
                           @PathParam("choice") String choiceName, String body) {
        Optional<UserModel> found = user(userId);
        if (found.isEmpty()) {
            auth.users().requireManage();
            return SharingJson.error(404, "not_found", "No such user in this realm");
        }
        UserModel member = found.get();
        auth.users().requireManage(member);
        MemberSharingChoices choices = new MemberSharingChoices(session, realm);
        if (choices.patientsOf(member).stream().noneMatch(p -> p.id().equals(patient))) {
            return SharingJson.error(404, "not_found", "This member neither is nor acts for that patient; "
                    + "open the user whose record it is or who represents them");
        }
        try {
            Choice choice = Choice.named(choiceName);
            Map<String, String> fields = SharingJson.body(body);
            ChoiceChange change = choices.record(patient, new ChoiceHistory.Request(choice, fields.get("current"),
                    fields.get("value"), auth.adminAuth().getUser().getId(), ActingAs.STAFF, Channel.ADMIN_CONSOLE,
                    fields.get("reason")));
            SharingEvents.adminEvent(adminEvent, member, change);
            return SharingJson.json(200, SharingJson.change(change));
        } catch (SharingException refused) {
            return SharingJson.refused(refused);
        } catch (SharingJson.BadRequest bad) {
            return SharingJson.error(400, "invalid_request", bad.getMessage());
        }
    }

    private Optional<UserModel> user(String userId) {
        return Optional.ofNullable(session.users().getUserById(realm, userId));
    }
}
