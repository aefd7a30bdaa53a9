package org.payerauth.keycloak.payer.sharing.fhir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

import org.jboss.logging.Logger;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.utils.AuthorizeClientUtil;
import org.keycloak.util.JsonSerialization;
import org.payerauth.keycloak.common.settings.RealmSettings;
import org.payerauth.keycloak.payer.sharing.store.SharingChoiceStore;
import org.payerauth.keycloak.payer.sharing.store.SharingChoiceStore.PatientPage;
import org.payerauth.sharing.Choice;
import org.payerauth.sharing.ChoiceHistory;
import org.payerauth.sharing.ChoiceValue;
import org.payerauth.sharing.PayerToPayer;
import org.payerauth.sharing.ProviderAccess;
import org.payerauth.sharing.SharingConsents;
import org.payerauth.sharing.SharingDefaults;
import org.payerauth.smart.PatientChoice;

/**
 * {@code GET /realms/{realm}/data-sharing/fhir/Consent}: members' sharing choices as FHIR R4 {@code Consent}
 * resources ({@link SharingConsents}) in a {@code searchset} Bundle, for the FHIR server, which calls with its own
 * client credentials (any client authentication the realm accepts, e.g. HTTP Basic); only clients named in the realm
 * setting {@value RealmSettings#SHARING_READER_CLIENTS} may read.
 * <ul>
 *   <li>{@code ?patient=<id>} (or {@code Patient/<id>}), optionally with {@code category}: that patient's Consents
 *       (Provider Access and Payer-to-Payer once recorded, sensitive data for apps always);</li>
 *   <li>{@code ?category=provider-access}: the patients opted out of Provider Access now (PDex §pdex-288);</li>
 *   <li>{@code ?category=payer-to-payer}: the patients opted in to Payer-to-Payer now;</li>
 *   <li>any category with {@code _lastUpdated=ge<instant>} (or {@code gt}): every patient whose choice of that
 *       category changed since, whatever the value now (a revoked opt-out as {@code permit}, a withdrawn opt-in as
 *       {@code inactive}), oldest change first, for a server that keeps its own copy.</li>
 * </ul>
 * {@code category} is the {@code pdex-consent-api-purpose} code, with or without its system ({@code system|code}).
 * Pages: {@code _count} (default {@value #DEFAULT_COUNT}, at most {@value SharingChoiceStore#MAX_PAGE}) and the
 * Bundle's {@code next} link. A bad parameter is 400 with an {@code OperationOutcome} that names it.
 */
public final class ConsentSearch {

    static final int DEFAULT_COUNT = 100;
    private static final String FHIR_JSON = "application/fhir+json";
    private static final Logger LOG = Logger.getLogger(ConsentSearch.class);
    private static final Set<String> PARAMETERS = Set.of("patient", "category", "_lastUpdated", "_count", "_offset", "_format");

    private final KeycloakSession session;

    public ConsentSearch(KeycloakSession session) {
        this.session = session;
    }

    @GET
    @Path("Consent")
    @Produces({FHIR_JSON, "application/json"})
    public Response search() {
        RealmModel realm = session.getContext().getRealm();
        // a failed client authentication is a CLIENT_LOGIN_ERROR event, as at the token endpoint
        ClientModel client = AuthorizeClientUtil.authorizeClient(session, new EventBuilder(realm, session,
                session.getContext().getConnection()).event(EventType.CLIENT_LOGIN), null).getClient();
        RealmSettings settings = RealmSettings.of(session, realm);
        if (!settings.sharingReaderClients().contains(client.getClientId())) {
            LOG.warnf("Realm '%s': client %s asked for members' sharing choices but is not in %s", realm.getName(),
                    client.getClientId(), RealmSettings.SHARING_READER_CLIENTS);
            return outcome(403, "forbidden", "This client may not read members' sharing choices: an administrator "
                    + "adds its client id to the realm setting " + RealmSettings.SHARING_READER_CLIENTS);
        }
        MultivaluedMap<String, String> query = session.getContext().getUri().getQueryParameters();
        for (String name : query.keySet()) {
            if (!PARAMETERS.contains(name)) {
                return outcome(400, "not-supported", "Unknown search parameter '" + name + "'; supported: patient, "
                        + "category, _lastUpdated, _count");
            }
            if (query.get(name).size() > 1) {
                return outcome(400, "invalid", "Give '" + name + "' once");
            }
        }
        try {
            Optional<String> category = category(query.getFirst("category"));
            Optional<Instant> since = since(query.getFirst("_lastUpdated"));
            int count = number(query.getFirst("_count"), "_count", DEFAULT_COUNT, 1, SharingChoiceStore.MAX_PAGE);
            int offset = number(query.getFirst("_offset"), "_offset", 0, 0, Integer.MAX_VALUE);
            SharingConsents consents = new SharingConsents(settings.consentSettings());
            SharingDefaults defaults = settings.sharingDefaults();
            SharingChoiceStore store = SharingChoiceStore.of(session, realm);
            String patient = query.getFirst("patient");
            if (patient != null) {
                return bundle(onePatient(patient(patient), category, consents, defaults, store));
            }
            if (category.isEmpty()) {
                throw new BadParameter("invalid", "Give patient, or category (provider-access, payer-to-payer, "
                        + "patient-access) to list patients");
            }
            Choice choice = choiceOf(category.get());
            Set<ChoiceValue> values = since.isPresent() ? Set.of() : switch (choice) {
                case PROVIDER_ACCESS -> Set.of(ProviderAccess.OPTED_OUT);
                case PAYER_TO_PAYER -> Set.of(PayerToPayer.ALL_DATA, PayerToPayer.ALL_EXCEPT_SENSITIVE);
                case SENSITIVE_DATA_FOR_APPS -> throw new BadParameter("invalid",
                        "category patient-access lists patients only with _lastUpdated (every patient has one)");
            };
            PatientPage page = store.patients(choice, values, since, offset, count);
            Map<String, ChoiceHistory> histories = store.histories(page.patients());
            List<Map<String, Object>> resources = new ArrayList<>();
            for (ChoiceHistory history : histories.values()) {
                render(choice, history, consents, defaults).ifPresent(resources::add);
            }
            Map<String, Object> bundle = SharingConsents.searchset(resources, Math.max(page.total(), resources.size()));
            bundle.put("link", links(offset, count, page));
            return bundle(bundle);
        } catch (BadParameter bad) {
            return outcome(400, bad.code, bad.getMessage());
        }
    }

    private static Map<String, Object> onePatient(String patient, Optional<String> category, SharingConsents consents,
                                                  SharingDefaults defaults, SharingChoiceStore store) throws BadParameter {
        ChoiceHistory history = store.history(patient);
        List<Map<String, Object>> resources = new ArrayList<>();
        if (category.isEmpty()) {
            resources.addAll(consents.consents(history, defaults));
        } else {
            render(choiceOf(category.get()), history, consents, defaults).ifPresent(resources::add);
        }
        return SharingConsents.searchset(resources, resources.size());
    }

    private static Optional<Map<String, Object>> render(Choice choice, ChoiceHistory history, SharingConsents consents,
                                                        SharingDefaults defaults) {
        return switch (choice) {
            case PROVIDER_ACCESS -> consents.providerAccess(history);
            case PAYER_TO_PAYER -> consents.payerToPayer(history);
            case SENSITIVE_DATA_FOR_APPS -> Optional.of(consents.sensitiveDataForApps(history, defaults));
        };
    }

    private List<Map<String, Object>> links(int offset, int count, PatientPage page) {
        URI self = session.getContext().getUri().getRequestUri();
        List<Map<String, Object>> links = new ArrayList<>();
        links.add(link("self", self));
        if (offset + page.patients().size() < page.total()) {
            links.add(link("next", UriBuilder.fromUri(self).replaceQueryParam("_offset", offset + count)
                    .replaceQueryParam("_count", count).build()));
        }
        return links;
    }

    private static Map<String, Object> link(String relation, URI url) {
        Map<String, Object> link = new LinkedHashMap<>();
        link.put("relation", relation);
        link.put("url", url.toString());
        return link;
    }

    private static String patient(String value) throws BadParameter {
        String id = value.startsWith("Patient/") ? value.substring("Patient/".length()) : value;
        if (!PatientChoice.isValidId(id)) {
            throw new BadParameter("invalid", "patient must be a FHIR id or Patient/<id>");
        }
        return id;
    }

    private static Optional<String> category(String value) throws BadParameter {
        if (value == null) {
            return Optional.empty();
        }
        String code = value;
        int bar = value.indexOf('|');
        if (bar >= 0) {
            String system = value.substring(0, bar);
            if (!system.isEmpty() && !system.equals(SharingConsents.API_PURPOSE_SYSTEM)) {
                throw new BadParameter("invalid", "category system must be " + SharingConsents.API_PURPOSE_SYSTEM);
            }
            code = value.substring(bar + 1);
        }
        choiceOf(code);
        return Optional.of(code);
    }

    private static Choice choiceOf(String code) throws BadParameter {
        return switch (code) {
            case SharingConsents.PROVIDER_ACCESS_CODE -> Choice.PROVIDER_ACCESS;
            case SharingConsents.PAYER_TO_PAYER_CODE -> Choice.PAYER_TO_PAYER;
            case SharingConsents.PATIENT_ACCESS_CODE -> Choice.SENSITIVE_DATA_FOR_APPS;
            default -> throw new BadParameter("invalid", "category must be provider-access, payer-to-payer or patient-access");
        };
    }

    /** {@code ge<instant>} or {@code gt<instant>} (an instant of the FHIR {@code instant} type, with a zone). */
    private static Optional<Instant> since(String value) throws BadParameter {
        if (value == null) {
            return Optional.empty();
        }
        if (!(value.startsWith("ge") || value.startsWith("gt"))) {
            throw new BadParameter("invalid", "_lastUpdated must be ge<instant> or gt<instant>, e.g. ge2027-01-01T00:00:00Z");
        }
        try {
            Instant instant = Instant.parse(value.substring(2));
            return Optional.of(value.startsWith("gt") ? instant.plusMillis(1) : instant);
        } catch (DateTimeParseException e) {
            throw new BadParameter("invalid", "_lastUpdated must be ge<instant> or gt<instant>, e.g. ge2027-01-01T00:00:00Z");
        }
    }

    private static int number(String value, String name, int fallback, int min, int max) throws BadParameter {
        if (value == null) {
            return fallback;
        }
        if (!value.matches("[0-9]{1,9}") || Integer.parseInt(value) < min || Integer.parseInt(value) > max) {
            throw new BadParameter("invalid", name + " must be a whole number from " + min + " to " + max);
        }
        return Integer.parseInt(value);
    }

    private static Response bundle(Map<String, Object> bundle) {
        return fhirJson(200, bundle);
    }

    /** FHIR JSON, written here (the server's JSON writers are registered for application/json only). */
    private static Response fhirJson(int status, Object resource) {
        try {
            return Response.status(status).entity(JsonSerialization.writeValueAsString(resource)).type(FHIR_JSON)
                    .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A FHIR {@code OperationOutcome} with one error issue. */
    static Response outcome(int status, String code, String diagnostics) {
        Map<String, Object> issue = new LinkedHashMap<>();
        issue.put("severity", "error");
        issue.put("code", code);
        issue.put("diagnostics", diagnostics);
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("resourceType", "OperationOutcome");
        outcome.put("issue", List.of(issue));
        return fhirJson(status, outcome);
    }

    /** A search parameter this API cannot use: 400 with an OperationOutcome naming it. */
    static final class BadParameter extends Exception {

        private final String code;

        BadParameter(String code, String diagnostics) {
            super(diagnostics, null, false, false);
            this.code = code;
        }
    }
}
