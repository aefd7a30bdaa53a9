package org.payerauth.keycloak.smart.patient;

import java.util.List;
import java.util.Optional;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.payerauth.keycloak.common.apps.AppReviews;
import org.payerauth.keycloak.common.patient.PatientLinks;
import org.payerauth.keycloak.smart.flow.SmartFlowSupport;
import org.payerauth.keycloak.smart.launch.LaunchContexts;
import org.payerauth.smart.SmartScopeRequest;
import org.payerauth.smart.PatientChoice;
import org.payerauth.smart.PatientPicker;

/**
 * Establishes the SMART patient context when the app asked for {@code launch/patient} or any {@code patient/}
 * scope: one patient is selected silently, several are offered on the {@value #TEMPLATE} page, none ends the launch
 * with {@code access_denied}. Only links that hold today count ({@link PatientLinks}); a user whose every link has
 * lapsed is told so (login error event, reason {@code smart_patient_link_lapsed}). The choice is stored as the client-session note {@value SmartFlowSupport#PATIENT_NOTE},
 * so two apps in one SSO session keep their own patient, and kept for this launch's code ({@link LaunchContexts#bind}),
 * so two launches of one app keep theirs. Placed after the login step of the browser flow, it also
 * runs on SSO-cookie logins.
 */
final class PatientPickerAuthenticator implements Authenticator {

    static final String TEMPLATE = "smart-patient-picker.ftl";
    static final String FORM_PATIENT = "patient";
    static final String FORM_CANCEL = "cancel";

    private static final Logger LOG = Logger.getLogger(PatientPickerAuthenticator.class);

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        java.util.Optional<String> notApproved = AppReviews.refusal(context.getAuthenticationSession().getClient());
        if (notApproved.isPresent()) {
            // the payer's approval step: the launch stops here with a page (the app's redirect URI is not trusted yet)
            LOG.infof("Realm '%s': launch of app %s stopped: %s", context.getRealm().getName(),
                    context.getAuthenticationSession().getClient().getClientId(), notApproved.get());
            context.getEvent().clone().user(context.getUser()).detail(org.keycloak.events.Details.REASON, "app_not_approved")
                    .error(org.keycloak.events.Errors.NOT_ALLOWED);
            context.failure(org.keycloak.authentication.AuthenticationFlowError.ACCESS_DENIED,
                    context.form().setError(notApproved.get()).createErrorPage(Response.Status.FORBIDDEN));
            return;
        }
        SmartScopeRequest requested = SmartFlowSupport.requestedScopes(context.getSession(), context.getAuthenticationSession());
        if (!requested.needsPatientContext()) {
            if (requested.isSmart()) {
                LaunchContexts.bind(context.getSession(), context.getAuthenticationSession(), context.getUser(), null);
            }
            context.success();
            return;
        }
        List<PatientLinks.Link> links = PatientLinks.of(context.getSession(), context.getRealm()).all(context.getUser());
        List<PatientChoice> patients = links.stream().filter(PatientLinks.Link::holds).map(PatientLinks.Link::patient).toList();
        long lapsed = links.stream().filter(l -> !l.holds()).count();
        if (lapsed > 0) {
            context.getEvent().detail("smart_patient_links_lapsed", String.valueOf(lapsed));
        }
        PatientPicker.Decision decision = PatientPicker.decide(patients);
        if (decision instanceof PatientPicker.Selected selected) {
            select(context, selected.patient(), "single");
        } else if (decision instanceof PatientPicker.Ask ask) {
            context.challenge(form(context, ask.patients(), null));
        } else if (lapsed > 0) {
            LOG.infof("Realm '%s': user id %s acts for no patient today (%d link(s) lapsed); launch denied",
                    context.getRealm().getName(), context.getUser().getId(), lapsed);
            SmartFlowSupport.denyToApp(context, "smart_patient_link_lapsed",
                    "The signed-in user's access to the patient records linked to the account has ended or not yet begun");
        } else {
            LOG.debugf("Realm '%s': user id %s may act for no patient; launch denied", context.getRealm().getName(),
                    context.getUser().getId());
            SmartFlowSupport.denyToApp(context, "smart_no_patient",
                    "The signed-in user is not linked to any patient record");
        }
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        if (form.containsKey(FORM_CANCEL)) {
            SmartFlowSupport.denyToApp(context, "smart_patient_selection_cancelled",
                    "The user cancelled the patient selection");
            return;
        }
        List<PatientChoice> patients = patients(context);
        Optional<PatientChoice> chosen = PatientPicker.choose(patients, form.getFirst(FORM_PATIENT));
        if (chosen.isEmpty()) {
            // Not one of the member's own patients (or nothing chosen): nothing is selected, the picker is shown again.
            LOG.warnf("Realm '%s': user id %s posted a patient that is not theirs; picker shown again",
                    context.getRealm().getName(), context.getUser().getId());
            context.getEvent().detail("smart_patient_rejected", "true");
            Response retry = form(context, PatientPicker.decide(patients) instanceof PatientPicker.Ask ask
                    ? ask.patients() : patients, "smartPatientInvalid");
            context.challenge(retry);
            return;
        }
        select(context, chosen.get(), "picked");
    }

    private static void select(AuthenticationFlowContext context, PatientChoice patient, String how) {
        context.getAuthenticationSession().setClientNote(SmartFlowSupport.PATIENT_NOTE, patient.id());
        LaunchContexts.bind(context.getSession(), context.getAuthenticationSession(), context.getUser(), patient.id());
        context.getEvent().detail("smart_patient_selection", how);
        context.success();
    }

    private static Response form(AuthenticationFlowContext context, List<PatientChoice> patients, String error) {
        var form = context.form()
                .setAttribute("smartPatients", patients.stream().map(SmartFlowSupport::view).toList())
                .setAttribute("smartClientName", SmartFlowSupport.clientName(context.getAuthenticationSession().getClient()));
        if (error != null) {
            form.addError(new FormMessage(FORM_PATIENT, error));
        }
        return form.createForm(TEMPLATE);
    }

    /** The patients the user may act for today (lapsed links are not offered). */
    private static List<PatientChoice> patients(AuthenticationFlowContext context) {
        return PatientLinks.of(context.getSession(), context.getRealm()).current(context.getUser());
    }

    @Override
    public boolean requiresUser() {
        return true;
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
