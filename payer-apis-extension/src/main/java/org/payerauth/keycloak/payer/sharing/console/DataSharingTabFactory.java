package org.payerauth.keycloak.payer.sharing.console;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.resources.admin.AdminAuth;
import org.payerauth.keycloak.console.ConsoleActionTabFactory;
import org.payerauth.keycloak.console.ConsoleAdmin;
import org.payerauth.keycloak.console.ConsoleRefusal;
import org.payerauth.keycloak.console.ConsoleRouteParameter;
import org.payerauth.keycloak.payer.sharing.MemberSharingChoices;
import org.payerauth.keycloak.payer.sharing.MemberSharingChoices.MemberPatient;
import org.payerauth.keycloak.payer.sharing.SharingEvents;
import org.payerauth.sharing.Choice;
import org.payerauth.sharing.ChoiceChange;
import org.payerauth.sharing.ChoiceChange.ActingAs;
import org.payerauth.sharing.ChoiceChange.Channel;
import org.payerauth.sharing.ChoiceHistory;
import org.payerauth.sharing.ChoiceValue;
import org.payerauth.sharing.SharingChoices;
import org.payerauth.sharing.SharingException;

/**
 * The admin console's tab <em>Data sharing</em> on a user's page (Keycloak's declarative UI, feature
 * {@code declarative-ui}): an administrator records a member's data-sharing choice with a reason, or shows the
 * current choices. The console's tabs are forms of one realm-wide component, not views of a user, so the tab works
 * through the save: the console sends the user's id with the form, the save records the change as staff
 * ({@link Channel#ADMIN_CONSOLE}) with an admin event, and nothing of it stays in the component; "show current
 * choices" answers with the choices as the save's message. Saving a component needs the realm role
 * {@code manage-realm}; call-centre staff with only {@code manage-users} use the staff page.
 */
public final class DataSharingTabFactory extends ConsoleActionTabFactory {

    public static final String PROVIDER_ID = "payer-data-sharing";

    static final String PATIENT = "patient";
    static final String CHOICE = "choice";
    static final String VALUE = "value";
    static final String REASON = "reason";
    /** The console's route parameter: the user whose page the tab is on. */
    static final String USER_ID = "id";
    static final String SHOW = "show current choices";

    private static final Map<String, Choice> CHOICES = Map.of(
            "Provider Access", Choice.PROVIDER_ACCESS,
            "Payer-to-Payer", Choice.PAYER_TO_PAYER,
            "Sensitive data for apps", Choice.SENSITIVE_DATA_FOR_APPS);

    private static final List<ProviderConfigProperty> FIELDS = List.of(
            field(PATIENT, "Patient", ProviderConfigProperty.STRING_TYPE, null,
                    "The FHIR Patient id. Empty: the member's own record (or the one patient they act for)."),
            list(CHOICE, "Choice", SHOW, "Show the current choices, or pick the choice to change.",
                    SHOW, "Provider Access", "Payer-to-Payer", "Sensitive data for apps"),
            list(VALUE, "New value", "", "Provider Access: SHARED or OPTED_OUT. Payer-to-Payer: NOT_SHARED, ALL_DATA "
                    + "or ALL_EXCEPT_SENSITIVE. Sensitive data for apps: EXCLUDE or INCLUDE.",
                    "", "SHARED", "OPTED_OUT", "NOT_SHARED", "ALL_DATA", "ALL_EXCEPT_SENSITIVE", "EXCLUDE", "INCLUDE"),
            field(REASON, "Reason", ProviderConfigProperty.TEXT_TYPE, null,
                    "Required for a change: what the member or their representative asked for, e.g. their call's ticket."),
            ConsoleRouteParameter.of(USER_ID));

    private static ProviderConfigProperty field(String name, String label, String type, String defaultValue, String help) {
        return new ProviderConfigProperty(name, label, help, type, defaultValue);
    }

    private static ProviderConfigProperty list(String name, String label, String defaultValue, String help,
                                               String... options) {
        ProviderConfigProperty property = field(name, label, ProviderConfigProperty.LIST_TYPE, defaultValue, help);
        property.setOptions(List.of(options));
        return property;
    }

    public DataSharingTabFactory() {
        super(PROVIDER_ID, "/:realm/users/:id/:tab?", "data-sharing", "A member's data-sharing choices (CMS-0057-F): "
                + "record one on the member's behalf, with a reason.", FIELDS);
    }

    /** Shows or records. A refusal (and "show") is the save's message; nothing is recorded then. */
    @Override
    protected void act(KeycloakSession session, RealmModel realm, ComponentModel model)
            throws ComponentValidationException {
        String userId = model.get(USER_ID);
        try {
            if (userId == null || userId.isBlank()) {
                return;
            }
            UserModel member = session.users().getUserById(realm, userId);
            if (member == null) {
                throw refusal("No such user in this realm");
            }
            MemberSharingChoices choices = new MemberSharingChoices(session, realm);
            MemberPatient patient = patient(choices.patientsOf(member), blankToNull(model.get(PATIENT)));
            String choiceName = Optional.ofNullable(blankToNull(model.get(CHOICE))).orElse(SHOW);
            if (choiceName.equals(SHOW)) {
                throw refusal(summary(choices, patient));
            }
            Choice choice = CHOICES.get(choiceName);
            if (choice == null) {
                throw refusal("Unknown choice '" + choiceName + "'");
            }
            AdminAuth staff = ConsoleAdmin.signedIn(session);
            String current = choices.store().history(patient.id()).current(choices.defaults()).value(choice).name();
            ChoiceChange change = choices.record(patient.id(), new ChoiceHistory.Request(choice, current,
                    model.get(VALUE), staff.getUser().getId(), ActingAs.STAFF, Channel.ADMIN_CONSOLE, model.get(REASON)));
            SharingEvents.adminEvent(ConsoleAdmin.events(session, realm, staff), member, change);
        } catch (SharingException refused) {
            throw refusal(refused.description());
        }
    }

    /** A refusal shown as the save's message. */
    static ComponentValidationException refusal(String message) {
        return ConsoleRefusal.of(message);
    }

    private static MemberPatient patient(List<MemberPatient> patients, String requested) {
        if (requested == null) {
            Optional<MemberPatient> own = patients.stream().filter(MemberPatient::self).findFirst();
            if (own.isPresent()) {
                return own.get();
            }
            if (patients.size() == 1) {
                return patients.get(0);
            }
            throw refusal(patients.isEmpty()
                    ? "This user has no patient record and represents nobody"
                    : "Name the patient: this user acts for " + patients.stream().map(MemberPatient::id)
                    .collect(Collectors.joining(", ")));
        }
        return patients.stream().filter(p -> p.id().equals(requested)).findFirst()
                .orElseThrow(() -> refusal("This user neither is nor acts for patient '"
                        + requested + "'; they act for " + patients.stream().map(MemberPatient::id)
                        .collect(Collectors.joining(", "))));
    }

    /** The patient's current choices in one line, as the answer to "show current choices". */
    static String summary(MemberSharingChoices choices, MemberPatient patient) {
        ChoiceHistory history = choices.store().history(patient.id());
        SharingChoices current = history.current(choices.defaults());
        StringBuilder text = new StringBuilder("Current choices for ").append(patient.name()).append(" (")
                .append(patient.id()).append("): ");
        List<String> parts = CHOICES.entrySet().stream()
                .sorted(Map.Entry.comparingByValue())
                .map(e -> {
                    ChoiceValue value = current.value(e.getValue());
                    return e.getKey() + " " + value.name() + history.lastChange(e.getValue())
                            .map(c -> " (since " + c.at() + ", " + c.actingAs().name().toLowerCase() + ")")
                            .orElse(" (never changed)");
                }).toList();
        text.append(String.join("; ", parts)).append(". Nothing was saved: to change one, pick it, its new value and "
                + "give a reason.");
        return text.toString();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
