package org.payerauth.keycloak.smart.consent;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.ws.rs.core.MultivaluedMap;

import org.keycloak.OAuth2Constants;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.events.Details;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserConsentModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.services.managers.UserConsentManager;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.util.TokenUtil;
import org.payerauth.keycloak.common.settings.RealmSettings;
import org.payerauth.keycloak.common.sharing.SensitiveDataChoice;
import org.payerauth.keycloak.smart.flow.SmartFlowSupport;
import org.payerauth.keycloak.common.patient.PatientLinks;
import org.payerauth.fhir.GranularScopes;
import org.payerauth.keycloak.common.apps.AppPrivacy;
import org.payerauth.smart.PartialConsent;
import org.payerauth.smart.PatientChoice;
import org.payerauth.smart.PatientConsents;

/**
 * SMART consent: for SMART requests to apps that require consent, shows the app, the patient chosen and what each
 * requested scope means, in plain words ({@value #TEMPLATE}). The member may untick FHIR resource scopes and
 * {@code offline_access} ({@link PartialConsent}); they leave the request, so the code's token carries only what
 * was allowed. "Allow" records the consent in Keycloak's own consent store (so Keycloak's generic consent screen is
 * not shown again, and the member can revoke it in the account console) and, per patient, in
 * {@link PatientConsentStore}; "Deny" sends {@code access_denied} to the app. Scopes already allowed for this
 * patient are not asked again; another patient asks again.
 */
final class SmartConsentAuthenticator implements Authenticator {

    static final String TEMPLATE = "smart-consent.ftl";
    /** Form field of a ticked optional scope: this prefix and the scope's name. */
    static final String SCOPE_FIELD_PREFIX = "scope.";
    /** Event detail: the scopes the member left out (partial consent). */
    static final String SCOPES_WITHHELD_DETAIL = "smart_scopes_withheld";
    /** The event detail naming the granular scopes the member chose instead of a whole resource type. */
    static final String SCOPES_NARROWED_DETAIL = "smart_scopes_narrowed";
    /** Form field of the sensitive-data checkbox (present: include). */
    static final String SENSITIVE_FIELD = "sensitive_data";
    /** Hidden form field: the page offered the sensitive-data choice (so an absent checkbox means "leave it out"). */
    static final String SENSITIVE_OFFERED_FIELD = "sensitive_data_offered";
    /** Keycloak's organization scope (resolved dynamically by Keycloak's own scope resolver). */
    private static final String ORGANIZATION_SCOPE = "organization";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        ClientModel client = authSession.getClient();
        if (!client.isConsentRequired() || !SmartFlowSupport.requestedScopes(context.getSession(), authSession).isSmart()) {
            context.success();
            return;
        }
        PatientConsents records = PatientConsentStore.read(context.getUser());
        List<ClientScopeModel> toApprove = scopesToApprove(context, records);
        if (toApprove.isEmpty()) {
            recordNothingToAsk(context, records);
            context.getEvent().detail(Details.CONSENT, Details.CONSENT_VALUE_PERSISTED_CONSENT);
            context.success();
            return;
        }
        context.challenge(context.form()
                .setAttribute("smartClientName", SmartFlowSupport.clientName(client))
                .setAttribute("smartClientUrl", client.getBaseUrl())
                .setAttribute("smartPatient", selectedPatient(context).map(SmartFlowSupport::view).orElse(null))
                .setAttribute("smartScopes", views(toApprove, narrowings(client, toApprove)))
                .setAttribute("smartScopeFieldPrefix", SCOPE_FIELD_PREFIX)
                .setAttribute("smartSensitive", sensitiveDataOffer(context).map(SensitiveDataOffer::view).orElse(null))
                .setAttribute("smartPrivacy", AppPrivacy.view(AppPrivacy.attestation(client,
                                java.time.Instant.ofEpochMilli(org.keycloak.common.util.Time.currentTimeMillis())),
                        RealmSettings.of(context.getSession(), context.getRealm()).unattestedNotice()))
                .createForm(TEMPLATE));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        if (!form.containsKey("accept")) {
            context.getEvent().detail(Details.CONSENT, "denied");
            SmartFlowSupport.denyToApp(context, "smart_consent_denied", "The user denied access to the app");
            return;
        }
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        UserModel user = context.getUser();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        ClientModel client = authSession.getClient();
        PatientConsents records = PatientConsentStore.read(user);
        List<ClientScopeModel> shown = scopesToApprove(context, records);
        Set<String> ticked = form.keySet().stream().filter(k -> k.startsWith(SCOPE_FIELD_PREFIX))
                .map(k -> k.substring(SCOPE_FIELD_PREFIX.length())).collect(Collectors.toSet());
        Set<String> withheld = PartialConsent.withheld(shown.stream().map(ClientScopeModel::getName).toList(), ticked);
        List<ClientScopeModel> narrowed = narrowings(client, shown).values().stream().flatMap(List::stream)
                .filter(scope -> ticked.contains(scope.getName())).distinct().toList();

        if (form.containsKey(SENSITIVE_OFFERED_FIELD)) {
            sensitiveDataOffer(context).filter(SensitiveDataOffer::mayChoose).ifPresent(offer -> session
                    .getProvider(SensitiveDataChoice.class).choose(realm, user, offer.patient(),
                            form.containsKey(SENSITIVE_FIELD)));
        }
        UserConsentModel consent = UserConsentManager.getConsentByClient(session, realm, user, client.getId());
        boolean isNew = consent == null;
        if (isNew) {
            consent = new UserConsentModel(client);
        }
        for (ClientScopeModel scope : shown) {
            if (!withheld.contains(scope.getName())) {
                consent.addGrantedClientScope(scope);
            }
        }
        narrowed.forEach(consent::addGrantedClientScope);
        if (isNew) {
            UserConsentManager.addConsent(session, realm, user, consent);
        } else {
            UserConsentManager.updateConsent(session, realm, user, consent);
        }
        String patient = authSession.getClientNote(SmartFlowSupport.PATIENT_NOTE);
        if (patient != null) {
            if (isNew) {
                records = records.withoutApp(client.getId()); // a consent made anew: earlier records are void
            }
            List<String> allowed = Stream.concat(consentScopes(context).map(ClientScopeModel::getName)
                    .filter(name -> !withheld.contains(name)), narrowed.stream().map(ClientScopeModel::getName)).distinct().toList();
            PatientConsentStore.write(user, records.allow(client.getId(), patient, allowed));
        }
        if (!withheld.isEmpty() || !narrowed.isEmpty()) {
            List<String> added = narrowed.stream().map(ClientScopeModel::getName).toList();
            authSession.setClientNote(OIDCLoginProtocol.SCOPE_PARAM, PartialConsent.with(
                    PartialConsent.without(authSession.getClientNote(OIDCLoginProtocol.SCOPE_PARAM), withheld), added));
            if (!withheld.isEmpty()) {
                context.getEvent().detail(SCOPES_WITHHELD_DETAIL, String.join(" ", withheld));
            }
            if (!added.isEmpty()) {
                context.getEvent().detail(SCOPES_NARROWED_DETAIL, String.join(" ", added));
            }
        }
        context.getEvent().detail(Details.CONSENT, Details.CONSENT_VALUE_CONSENT_GRANTED);
        consentAnswered(authSession);
        context.success();
    }

    /**
     * The sensitive-data choice the page offers (Da Vinci PDex §pdex-111), when the realm asks for it on the consent
     * page, the members' data-sharing choices are installed and the launch has a patient: the patient's standing
     * choice, which the member changes here if they may decide for the patient.
     *
     * @param patient   the launch's patient
     * @param included  the standing choice
     * @param mayChoose whether the member may change it (else it is shown only)
     */
    record SensitiveDataOffer(String patient, boolean included, boolean mayChoose) {

        /** For the template (FreeMarker reads maps, not record components). */
        java.util.Map<String, Object> view() {
            return java.util.Map.of("included", included, "mayChoose", mayChoose);
        }
    }

    private static Optional<SensitiveDataOffer> sensitiveDataOffer(AuthenticationFlowContext context) {
        String patient = context.getAuthenticationSession().getClientNote(SmartFlowSupport.PATIENT_NOTE);
        SensitiveDataChoice choice = context.getSession().getProvider(SensitiveDataChoice.class);
        if (patient == null || choice == null
                || !RealmSettings.of(context.getSession(), context.getRealm()).askSensitiveOnConsent()) {
            return Optional.empty();
        }
        RealmModel realm = context.getRealm();
        return Optional.of(new SensitiveDataOffer(patient, choice.included(realm, patient),
                choice.mayChoose(realm, context.getUser(), patient)));
    }

    /**
     * Nothing to ask for this patient (e.g. none of the requested scopes is shown on consent screens): the patient
     * still gets its record, so that the launch's tokens are issued ({@link PatientConsentStore#covers}), unless
     * the app's consent from before records covers every patient.
     */
    private static void recordNothingToAsk(AuthenticationFlowContext context, PatientConsents records) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String patient = authSession.getClientNote(SmartFlowSupport.PATIENT_NOTE);
        ClientModel client = authSession.getClient();
        if (patient != null && records.scopes(client.getId(), patient).isEmpty() && !PatientConsentStore.coversEveryPatient(
                context.getSession(), context.getRealm(), context.getUser(), client, records)) {
            PatientConsentStore.write(context.getUser(), records.allow(client.getId(), patient, List.of()));
        }
    }

    /**
     * {@code prompt=consent} has been honoured by this page; without this, Keycloak would ignore the consent just
     * given and show its own consent screen a second time.
     */
    private static void consentAnswered(AuthenticationSessionModel authSession) {
        String prompt = authSession.getClientNote(OIDCLoginProtocol.PROMPT_PARAM);
        if (prompt == null) {
            return;
        }
        String rest = java.util.Arrays.stream(prompt.split(" "))
                .filter(p -> !p.isBlank() && !p.equals(OIDCLoginProtocol.PROMPT_VALUE_CONSENT))
                .collect(java.util.stream.Collectors.joining(" "));
        if (rest.isEmpty()) {
            authSession.removeClientNote(OIDCLoginProtocol.PROMPT_PARAM);
        } else {
            authSession.setClientNote(OIDCLoginProtocol.PROMPT_PARAM, rest);
        }
    }

    /**
     * Requested scopes shown on consent screens that this member has not allowed this app yet, for the patient of this
     * launch: a consent given for another patient does not count, nor does an app's consent left without records
     * ({@link PatientConsents}); a consent from before records counts for every patient.
     */
    private static List<ClientScopeModel> scopesToApprove(AuthenticationFlowContext context, PatientConsents records) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        ClientModel client = authSession.getClient();
        boolean promptConsent = TokenUtil.hasPrompt(authSession.getClientNote(OIDCLoginProtocol.PROMPT_PARAM),
                OIDCLoginProtocol.PROMPT_VALUE_CONSENT);
        UserConsentModel granted = promptConsent ? null
                : UserConsentManager.getConsentByClient(context.getSession(), context.getRealm(), context.getUser(), client.getId());
        if (granted == null) {
            return consentScopes(context).toList();
        }
        String patient = authSession.getClientNote(SmartFlowSupport.PATIENT_NOTE);
        Predicate<ClientScopeModel> approved;
        if (patient == null || records.coversEveryPatient(client.getId(), PatientConsentStore.written(granted),
                RealmSettings.of(context.getSession(), context.getRealm()).consentsPerPatientSince())) {
            approved = granted::isClientScopeGranted;
        } else {
            Set<String> forPatient = records.scopes(client.getId(), patient).orElse(Set.of());
            approved = scope -> granted.isClientScopeGranted(scope) && forPatient.contains(scope.getName());
        }
        if (allApproved(context, granted, approved)) {
            return List.of();
        }
        return consentScopes(context).filter(approved.negate()).toList();
    }

    /**
     * The repeat launch, found without resolving the client's optional scopes (a realm-cache lookup each): every name
     * in {@code scope} but {@code openid} is a scope the member granted this app (client scope names are unique in a
     * realm), and it, the client itself and the client's default scopes are {@code approved}. False sends the caller
     * to the full resolution ({@link #consentScopes}), which decides; so does an organization scope.
     */
    private static boolean allApproved(AuthenticationFlowContext context, UserConsentModel granted,
                                       Predicate<ClientScopeModel> approved) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String scopeParam = authSession.getClientNote(OIDCLoginProtocol.SCOPE_PARAM);
        if (scopeParam == null || scopeParam.contains(ORGANIZATION_SCOPE)) {
            return false;
        }
        Map<String, ClientScopeModel> grantedByName = new HashMap<>();
        for (ClientScopeModel scope : granted.getGrantedClientScopes()) {
            grantedByName.putIfAbsent(scope.getName(), scope);
        }
        boolean requestedApproved = TokenManager.parseScopeParameter(scopeParam)
                .filter(name -> !name.equals(OAuth2Constants.SCOPE_OPENID))
                .map(grantedByName::get).allMatch(scope -> scope != null && approved.test(scope));
        if (!requestedApproved) {
            return false;
        }
        return clientAndDefaultScopes(authSession.getClient()).filter(ClientScopeModel::isDisplayOnConsentScreen)
                .allMatch(approved);
    }

    /** As Keycloak's resolver: the client itself (a client is a consent "scope" of its own) and its default scopes. */
    private static Stream<ClientScopeModel> clientAndDefaultScopes(ClientModel client) {
        return Stream.concat(Stream.<ClientScopeModel>of(client), client.getClientScopes(true).values().stream());
    }

    /**
     * The requested scopes that consent screens show: the client itself, its default scopes and the optional ones named in
     * {@code scope}, as Keycloak resolves them, by two map lookups (Keycloak's general resolver also resolves
     * organization scopes, which costs a lookup per request; it is used only when one may be requested).
     */
    private static Stream<ClientScopeModel> consentScopes(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        ClientModel client = authSession.getClient();
        String scopeParam = authSession.getClientNote(OIDCLoginProtocol.SCOPE_PARAM);
        if (scopeParam != null && scopeParam.contains(ORGANIZATION_SCOPE)) {
            return TokenManager.getRequestedClientScopes(context.getSession(), scopeParam, client, context.getUser())
                    .filter(ClientScopeModel::isDisplayOnConsentScreen);
        }
        Map<String, ClientScopeModel> optional = client.getClientScopes(false);
        Stream<ClientScopeModel> requested = scopeParam == null ? Stream.empty()
                : TokenManager.parseScopeParameter(scopeParam).map(optional::get).filter(java.util.Objects::nonNull);
        return Stream.concat(clientAndDefaultScopes(client), requested).distinct()
                .filter(ClientScopeModel::isDisplayOnConsentScreen);
    }

    private static Optional<PatientChoice> selectedPatient(AuthenticationFlowContext context) {
        String id = context.getAuthenticationSession().getClientNote(SmartFlowSupport.PATIENT_NOTE);
        if (id == null) {
            return Optional.empty();
        }
        return PatientLinks.of(context.getSession(), context.getRealm()).current(context.getUser()).stream()
                .filter(p -> p.id().equals(id)).findFirst();
    }

    /**
     * One requested scope on the page: its name, its plain-language text (may be a {@code ${message}} key), whether
     * the member may leave it out ({@link PartialConsent#isOptional}), and the parts the member may share instead
     * ({@code narrower}: the app's granular scopes that narrow it, each with its name and text).
     */
    private static List<Map<String, Object>> views(List<ClientScopeModel> scopes, Map<String, List<ClientScopeModel>> narrowings) {
        return scopes.stream().map(scope -> Map.<String, Object>of("name", scope.getName(), "text", text(scope),
                "optional", PartialConsent.isOptional(scope.getName()),
                "narrower", narrowings.getOrDefault(scope.getName(), List.of()).stream()
                        .map(n -> Map.of("name", n.getName(), "text", text(n))).toList())).toList();
    }

    private static String text(ClientScopeModel scope) {
        String text = scope.getConsentScreenText();
        return text == null || text.isBlank() ? scope.getName() : text;
    }

    /**
     * For each shown resource-level scope the member may leave out, the app's granular scopes that narrow it and are
     * not requested themselves (HTI-1: a Condition or Observation scope is offered per category too,
     * {@link GranularScopes#narrowing}); only these may be added by the page, and only when ticked.
     */
    static Map<String, List<ClientScopeModel>> narrowings(ClientModel client, List<ClientScopeModel> shown) {
        Map<String, ClientScopeModel> optional = client.getClientScopes(false);
        List<String> granular = optional.keySet().stream().filter(name -> name.indexOf('?') > 0).toList();
        if (granular.isEmpty()) {
            return Map.of();
        }
        Set<String> shownNames = shown.stream().map(ClientScopeModel::getName).collect(Collectors.toSet());
        Map<String, List<ClientScopeModel>> narrowings = new java.util.LinkedHashMap<>();
        for (ClientScopeModel scope : shown) {
            if (!PartialConsent.isOptional(scope.getName()) || scope.getName().indexOf('?') > 0) {
                continue;
            }
            List<ClientScopeModel> narrower = GranularScopes.narrowing(scope.getName(), granular).stream()
                    .filter(name -> !shownNames.contains(name)).map(optional::get)
                    .filter(ClientScopeModel::isDisplayOnConsentScreen)
                    .sorted(java.util.Comparator.comparing(SmartConsentAuthenticator::text)).toList();
            if (!narrower.isEmpty()) {
                narrowings.put(scope.getName(), narrower);
            }
        }
        return narrowings;
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
