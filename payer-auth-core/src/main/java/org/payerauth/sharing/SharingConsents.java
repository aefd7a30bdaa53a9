package org.payerauth.sharing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.payerauth.sharing.ChoiceChange.ActingAs;

/**
 * A patient's sharing choices as FHIR R4 {@code Consent} resources for the FHIR server, as plain maps and lists ready
 * for JSON (no FHIR library): one Consent per CMS API, told apart by the category code Da Vinci PDex 2.2 defines for
 * that purpose, so the FHIR server finds a member's record with {@code GET /Consent?patient=[id]&category=[code]}
 * (PDex {@code consent.md}, "Differentiating Consent Resources by API").
 *
 * <p>Sources, all read from the IG sources: PDex 2.2.0 = repository {@code HL7/davinci-epdx} (default branch, commit
 * 444e07e of 2026-08-18); HRex = {@code HL7/davinci-ehrx}.
 *
 * <h2>Provider Access: profile {@value #PDEX_PROVIDER_CONSENT}</h2>
 * Profile {@code PDexProviderSharingConsent} ({@code input/fsh/ProfilePDexConsentProviderSharingOptOut.fsh}; its
 * examples {@code input/fsh/ExamplePDexProviderAccessConsent.fsh}); the profile is draft, FMM 0, experimental.
 * Rendered only once the choice was recorded: "Absence of a record is interpreted as Permit" (the profile's
 * {@code provision.type} comment), so a member who never chose has none.
 * <ul>
 *   <li>{@code meta.profile}: the profile's canonical URL.</li>
 *   <li>{@code status} {@code active} (fixed by the profile).</li>
 *   <li>{@code scope} {@code consentscope#patient-privacy} (fixed).</li>
 *   <li>{@code category}: {@code v3-ActCode#IDSCL} (slice {@code disclosure}, 1..1) and
 *       {@code pdex-consent-api-purpose#provider-access} (slice {@code apiPurpose}, 1..1; code system in
 *       {@code input/fsh/CodeSystemOptOutScope.fsh}).</li>
 *   <li>{@code patient} {@code Patient/<id>}.</li>
 *   <li>{@code dateTime}: when the last change was recorded (not required by the profile; R4 "when this Consent was
 *       issued").</li>
 *   <li>{@code performer} (1..1, Patient or RelatedPerson: "the patient themselves ... or the patient's legally
 *       recognized personal representative"): {@code Patient/<id>} when the member chose for themselves; for a
 *       representative, a reference of {@code type} {@code RelatedPerson} by identifier (the realm's user id, see
 *       {@link ConsentSettings#userIdentifierSystem()}), because this server keeps no RelatedPerson resource.</li>
 *   <li>{@code organization} (1..1, HRex Organization): the payer.</li>
 *   <li>{@code policyRule} {@code consentpolicycodes#cric} "Common Rule Informed Consent": fixed by the profile
 *       (a pattern), although the Common Rule is about research; copied as the profile demands.</li>
 *   <li>{@code provision.type}: {@code deny} while the member is opted out, {@code permit} after they revoked the
 *       opt-out ("deny for opt-out, permit to revoke", {@code consent.md}; "A Member can also revoke that
 *       denial").</li>
 *   <li>{@code provision.period.start} (1..1): when the current value took effect ("the new period.start marks the
 *       effective date of the change", {@code consent.md}); no end: the member may change it at any time.</li>
 *   <li>{@code provision.actor} (slice {@code source}, 1..*): role {@code provenance-participant-type#performer},
 *       reference the payer (the discloser).</li>
 *   <li>{@code provision.action} (1..1) {@code consentaction#disclose} "Disclose" with extension
 *       {@value #PROVIDER_ACCESS_USE_CASE} {@code valueBoolean true} ({@code input/fsh/Extensions.fsh},
 *       {@code ProviderAccessUseCase}; the profile's action comment).</li>
 * </ul>
 *
 * <h2>Payer-to-Payer: no profile claimed, following HRex Consent as far as a standing choice can</h2>
 * {@code consent.md} names HRex Consent ({@code http://hl7.org/fhir/us/davinci-hrex/StructureDefinition/hrex-consent},
 * {@code HL7/davinci-ehrx input/fsh/profiles/HRexConsent.fsh}) for Payer-to-Payer, "(informative)", with the category
 * {@code pdex-consent-api-purpose#payer-to-payer}. HRex Consent is the consent a requesting payer sends with
 * {@code $member-match}: it requires a recipient actor naming that payer ({@code v3-ParticipationType#IRCP}),
 * {@code provision.period.end}, a {@code sourceReference} to the signed consent document and {@code provision.type}
 * fixed to {@code permit}. A member's standing choice here has no recipient yet (the next plan is unknown until it
 * asks), no end (the member may change it at any time) and no document; so these resources do not claim
 * {@code hrex-consent} in {@code meta.profile} (a claim a validating server would reject), and carry what HRex
 * defines:
 * <ul>
 *   <li>{@code status}, {@code scope}, {@code category} {@code IDSCL} as above, plus
 *       {@code pdex-consent-api-purpose#payer-to-payer}; {@code patient}, {@code dateTime}, {@code performer},
 *       {@code organization} as above.</li>
 *   <li>{@code policy.uri} (HRex value set {@code HRexConsentPolicy}, meanings in
 *       {@code input/intro-notes/StructureDefinition-hrex-consent-notes.md}): {@value #HREX_POLICY_SENSITIVE} for
 *       {@link PayerToPayer#ALL_DATA} ("all patient information, including that considered to be 'sensitive'"),
 *       {@value #HREX_POLICY_REGULAR} for {@link PayerToPayer#ALL_EXCEPT_SENSITIVE} ("all patient information that is
 *       not considered to be 'sensitive'").</li>
 *   <li>{@code provision.type} {@code permit}; {@code provision.period.start} when the member opted in;
 *       {@code provision.actor} source = the payer; {@code provision.action} {@code disclose}.</li>
 *   <li>A withdrawn opt-in ({@link PayerToPayer#NOT_SHARED} after an opt-in) keeps the same resource id with
 *       {@code status} {@code inactive} (R4: "terminated or replaced") and {@code provision.period.end} = the
 *       withdrawal, so a server that checks either the status or the period ("Date period for consent is valid",
 *       {@code payertopayerexchange.md} §pdex-204) stops sharing. A patient who never opted in has none (opt-in,
 *       §pdex-138).</li>
 * </ul>
 *
 * <h2>Sensitive data for apps: no profile exists</h2>
 * {@code consent.md} lists the category {@code pdex-consent-api-purpose#patient-access} with no profile. This Consent
 * carries the member's §pdex-111 choice ({@code member-authorizedoauth2exchange.md}) with the same two HRex policy
 * URIs: {@code #sensitive} for {@link SensitiveData#INCLUDE}, {@code #regular} for {@link SensitiveData#EXCLUDE}. It
 * authorizes no app: the member's OAuth authorization of each app stays the gate; this says which data an authorized
 * app may get. Because the IG gives its absence no meaning, it is always rendered; when the member never chose, it
 * carries the realm's default with no {@code performer}, {@code dateTime} or {@code period} (nobody decided).
 *
 * <h2>Resource ids</h2>
 * Stable per patient and API (a name-based UUID of both), so the FHIR server's copy is updated in place when the
 * member changes a choice, and the id does not show the patient id.
 */
public final class SharingConsents {

    /** PDex Provider Access Consent profile (Provider Access opt-out). */
    public static final String PDEX_PROVIDER_CONSENT =
            "http://hl7.org/fhir/us/davinci-pdex/StructureDefinition/pdex-provider-consent";
    /** PDex extension marking a Consent action as about the Provider Access API. */
    public static final String PROVIDER_ACCESS_USE_CASE =
            "http://hl7.org/fhir/us/davinci-pdex/StructureDefinition/pdex-provider-access-use-case";
    /** PDex code system telling which CMS API a Consent applies to. */
    public static final String API_PURPOSE_SYSTEM = "http://hl7.org/fhir/us/davinci-pdex/CodeSystem/pdex-consent-api-purpose";
    /** HRex consent policy: everything except what U.S. state or federal regulation considers sensitive. */
    public static final String HREX_POLICY_REGULAR =
            "http://hl7.org/fhir/us/davinci-hrex/StructureDefinition-hrex-consent.html#regular";
    /** HRex consent policy: everything, including what U.S. state or federal regulation considers sensitive. */
    public static final String HREX_POLICY_SENSITIVE =
            "http://hl7.org/fhir/us/davinci-hrex/StructureDefinition-hrex-consent.html#sensitive";

    /** The {@code pdex-consent-api-purpose} codes. */
    public static final String PROVIDER_ACCESS_CODE = "provider-access";
    public static final String PAYER_TO_PAYER_CODE = "payer-to-payer";
    public static final String PATIENT_ACCESS_CODE = "patient-access";

    private static final String CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope";
    private static final String V3_ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    private static final String CONSENT_POLICY_CODES = "http://terminology.hl7.org/CodeSystem/consentpolicycodes";
    private static final String PROVENANCE_PARTICIPANT_TYPE = "http://terminology.hl7.org/CodeSystem/provenance-participant-type";
    private static final String CONSENT_ACTION = "http://terminology.hl7.org/CodeSystem/consentaction";
    private static final String XHTML_DIV = "<div xmlns=\"http://www.w3.org/1999/xhtml\">";

    private final ConsentSettings settings;

    public SharingConsents(ConsentSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Every Consent the FHIR server needs for the patient of {@code history}: Provider Access (if ever recorded),
     * Payer-to-Payer (if ever recorded), sensitive data for apps (always).
     */
    public List<Map<String, Object>> consents(ChoiceHistory history, SharingDefaults defaults) {
        List<Map<String, Object>> consents = new ArrayList<>();
        providerAccess(history).ifPresent(consents::add);
        payerToPayer(history).ifPresent(consents::add);
        consents.add(sensitiveDataForApps(history, defaults));
        return consents;
    }

    /** The PDex Provider Access Consent, once the member chose (absence means permit). */
    public Optional<Map<String, Object>> providerAccess(ChoiceHistory history) {
        return history.lastChange(Choice.PROVIDER_ACCESS).map(last -> {
            boolean optedOut = last.next() == ProviderAccess.OPTED_OUT;
            Map<String, Object> consent = header(history.patient(), PROVIDER_ACCESS_CODE, PDEX_PROVIDER_CONSENT,
                    optedOut ? "The member opted out of sharing their data with providers through the Provider Access API."
                            : "The member shares their data with providers through the Provider Access API; an earlier "
                            + "opt-out was revoked.");
            consent.put("status", "active");
            common(consent, history.patient(), PROVIDER_ACCESS_CODE, Optional.of(last));
            consent.put("policyRule", concept(CONSENT_POLICY_CODES, "cric", "Common Rule Informed Consent"));
            Map<String, Object> action = concept(CONSENT_ACTION, "disclose", "Disclose");
            action.put("extension", List.of(object("url", PROVIDER_ACCESS_USE_CASE, "valueBoolean", true)));
            consent.put("provision", provision(optedOut ? "deny" : "permit", period(last.at().toString(), null), action));
            return consent;
        });
    }

    /**
     * The Payer-to-Payer Consent, once the member opted in: active while they share, inactive (with the period
     * ended) after they withdrew. None for a patient who never opted in.
     */
    public Optional<Map<String, Object>> payerToPayer(ChoiceHistory history) {
        return history.lastChange(Choice.PAYER_TO_PAYER).map(last -> {
            boolean withdrawn = last.next() == PayerToPayer.NOT_SHARED;
            // while shared, the last change is the opt-in; once withdrawn, the change before it was (a change always
            // changes the value, so a withdrawal follows an opt-in)
            ChoiceChange optIn = withdrawn ? history.changeBefore(last).orElseThrow() : last;
            boolean all = optIn.next() == PayerToPayer.ALL_DATA;
            String what = (all ? "all their data including sensitive data" : "all their data except sensitive data")
                    + " with another health plan through the Payer-to-Payer API.";
            Map<String, Object> consent = header(history.patient(), PAYER_TO_PAYER_CODE, null, withdrawn
                    ? "The member withdrew their permission to share " + what : "The member allows sharing " + what);
            consent.put("status", withdrawn ? "inactive" : "active");
            common(consent, history.patient(), PAYER_TO_PAYER_CODE, Optional.of(last));
            consent.put("policy", List.of(object("uri", all ? HREX_POLICY_SENSITIVE : HREX_POLICY_REGULAR)));
            consent.put("provision", provision("permit",
                    period(optIn.at().toString(), withdrawn ? last.at().toString() : null),
                    concept(CONSENT_ACTION, "disclose", "Disclose")));
            return consent;
        });
    }

    /** The sensitive-data choice for apps (§pdex-111): the member's, or the realm's default when they never chose. */
    public Map<String, Object> sensitiveDataForApps(ChoiceHistory history, SharingDefaults defaults) {
        Optional<ChoiceChange> last = history.lastChange(Choice.SENSITIVE_DATA_FOR_APPS);
        boolean include = history.current(defaults).sensitiveDataForApps() == SensitiveData.INCLUDE;
        Map<String, Object> consent = header(history.patient(), PATIENT_ACCESS_CODE, null,
                (include ? "Apps the member authorizes may receive sensitive data too."
                        : "Apps the member authorizes receive all data except sensitive data.")
                        + (last.isPresent() ? "" : " This is the health plan's default; the member has not chosen."));
        consent.put("status", "active");
        common(consent, history.patient(), PATIENT_ACCESS_CODE, last);
        consent.put("policy", List.of(object("uri", include ? HREX_POLICY_SENSITIVE : HREX_POLICY_REGULAR)));
        consent.put("provision", provision("permit",
                last.map(c -> period(c.at().toString(), null)).orElse(null),
                concept(CONSENT_ACTION, "disclose", "Disclose")));
        return consent;
    }

    /**
     * A {@code searchset} Bundle of the Provider Access Consents of the patients in {@code page} who are opted out
     * now (the list PDex provider-access-api-v2 §pdex-288 asks for: a revoked opt-out leaves it, §pdex-274); a
     * patient of the page who is no longer opted out (they revoked after the page was selected) is left out.
     *
     * @param total how many patients match in all pages ({@code Bundle.total})
     */
    public Map<String, Object> optedOutOfProviderAccess(List<ChoiceHistory> page, long total) {
        List<Map<String, Object>> consents = new ArrayList<>();
        for (ChoiceHistory history : page) {
            history.lastChange(Choice.PROVIDER_ACCESS)
                    .filter(c -> c.next() == ProviderAccess.OPTED_OUT)
                    .flatMap(c -> providerAccess(history))
                    .ifPresent(consents::add);
        }
        return searchset(consents, total);
    }

    /**
     * A FHIR R4 {@code Bundle} of type {@code searchset}: each resource as an entry with {@code search.mode}
     * {@code match}, and {@code total} (all matches, not only this page's). Paging links are the caller's.
     */
    public static Map<String, Object> searchset(List<Map<String, Object>> resources, long total) {
        if (total < resources.size()) {
            throw new IllegalArgumentException("total " + total + " is below the page's " + resources.size() + " entries");
        }
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put("resourceType", "Bundle");
        bundle.put("type", "searchset");
        bundle.put("total", total);
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Map<String, Object> resource : resources) {
            entries.add(object("resource", resource, "search", object("mode", "match")));
        }
        bundle.put("entry", entries);
        return bundle;
    }

    /** The stable id of a patient's Consent for one API ({@code pdex-consent-api-purpose} code). */
    public static String consentId(String patient, String apiPurposeCode) {
        return UUID.nameUUIDFromBytes((apiPurposeCode + "|" + patient).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static Map<String, Object> header(String patient, String apiCode, String profile, String narrative) {
        Map<String, Object> consent = new LinkedHashMap<>();
        consent.put("resourceType", "Consent");
        consent.put("id", consentId(patient, apiCode));
        if (profile != null) {
            consent.put("meta", object("profile", List.of(profile)));
        }
        // fixed sentences only (no input), so nothing needs escaping
        consent.put("text", object("status", "generated", "div", XHTML_DIV + "<p>" + narrative + "</p></div>"));
        return consent;
    }

    private void common(Map<String, Object> consent, String patient, String apiCode, Optional<ChoiceChange> last) {
        consent.put("scope", concept(CONSENT_SCOPE, "patient-privacy", null));
        consent.put("category", List.of(concept(V3_ACT_CODE, "IDSCL", null), concept(API_PURPOSE_SYSTEM, apiCode, null)));
        consent.put("patient", object("reference", "Patient/" + patient));
        last.ifPresent(change -> {
            consent.put("dateTime", change.at().toString());
            consent.put("performer", List.of(performer(change)));
        });
        consent.put("organization", List.of(payer()));
    }

    /**
     * Who made the choice: the patient, or the representative (a RelatedPerson known by the realm's user id). A staff
     * change records what the member asked for; the profile allows only Patient or RelatedPerson, so it names the
     * patient.
     */
    private Map<String, Object> performer(ChoiceChange change) {
        if (change.actingAs() == ActingAs.REPRESENTATIVE) {
            return object("type", "RelatedPerson",
                    "identifier", object("system", settings.userIdentifierSystem(), "value", change.changedBy()),
                    "display", "Personal representative");
        }
        return object("reference", "Patient/" + change.patient());
    }

    private Map<String, Object> payer() {
        Map<String, Object> payer = object("reference", settings.payerReference());
        if (settings.payerDisplay() != null && !settings.payerDisplay().isBlank()) {
            payer.put("display", settings.payerDisplay());
        }
        return payer;
    }

    private Map<String, Object> provision(String type, Map<String, Object> period, Map<String, Object> action) {
        Map<String, Object> provision = new LinkedHashMap<>();
        provision.put("type", type);
        if (period != null) {
            provision.put("period", period);
        }
        provision.put("actor", List.of(object("role", concept(PROVENANCE_PARTICIPANT_TYPE, "performer", null),
                "reference", payer())));
        provision.put("action", List.of(action));
        return provision;
    }

    private static Map<String, Object> period(String start, String end) {
        Map<String, Object> period = object("start", start);
        if (end != null) {
            period.put("end", end);
        }
        return period;
    }

    private static Map<String, Object> concept(String system, String code, String display) {
        Map<String, Object> coding = object("system", system, "code", code);
        if (display != null) {
            coding.put("display", display);
        }
        return object("coding", List.of(coding));
    }

    /** An ordered JSON object of name/value pairs. */
    private static Map<String, Object> object(Object... namesAndValues) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            object.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return object;
    }
}
