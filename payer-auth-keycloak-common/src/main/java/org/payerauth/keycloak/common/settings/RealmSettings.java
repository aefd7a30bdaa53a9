package org.payerauth.keycloak.common.settings;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.payerauth.fhir.FhirBaseUrls;
import org.payerauth.oauth.SpaceDelimited;
import org.payerauth.sharing.ConsentSettings;
import org.payerauth.sharing.SharingDefaults;
import org.payerauth.smart.PatientChoice;
import org.payerauth.smart.PatientLinkRules;
import org.payerauth.smart.brands.UserAccessBrand;
import org.payerauth.udap.tiered.TieredSettings;
import org.payerauth.keycloak.common.endpoints.RealmEndpoints;
import org.payerauth.udap.RegistrationSettings;
import org.payerauth.udap.registration.RegistrationLimits;
import org.payerauth.udap.registration.RegistrationScopePolicy;

/**
 * The payer-auth settings of a realm, in one shape, stored as realm attributes: editable in the admin REST API (and
 * so with kcadm and in realm import/export), read on every request, so a change is effective without a restart.
 *
 * <p>SMART:
 * <ul>
 *   <li>{@value #FHIR_BASE_URLS}: whitespace-separated absolute URLs of the FHIR servers this realm protects; the
 *       first is the default. Unset: the realm URL {@code {server}/realms/{realm}} stands in.</li>
 *   <li>{@value #STYLE_URL}: optional {@code smart_style_url} returned in token responses.</li>
 *   <li>{@value #CONSENTS_PER_PATIENT_SINCE}: only in a realm upgraded from a release without consent per patient,
 *       the ISO-8601 instant of that upgrade (e.g. {@code 2026-12-04T09:00:00Z}), set once: a Keycloak consent last
 *       written before it, of an app with no per-patient record, covers every patient. Unset (new realms): no
 *       consent does; a malformed value is logged and counts as unset.</li>
 * </ul>
 * UDAP:
 * <ul>
 *   <li>{@value #UDAP_MODE}: {@code stu2} (default; PKCE S256 and {@code state} required for authorization_code) or
 *       {@code stu1.1} (for Inferno's current kit);</li>
 *   <li>{@value #UDAP_CLIENT_SECRET_BASIC}: accept {@code client_secret_basic} registrations (default {@code true},
 *       as the CARIN text requires; never advertised in {@code /.well-known/udap});</li>
 *   <li>{@value #UDAP_LOCALHOST_REDIRECTS}: accept {@code http://localhost} redirect URIs (default {@code false});</li>
 *   <li>{@value #UDAP_REGISTRATION_SCOPES}: the scopes a UDAP registration may receive, whitespace-separated,
 *       a trailing {@code *} a prefix (default {@link RegistrationScopePolicy#DEFAULT_ALLOWED});</li>
 *   <li>{@value #UDAP_MAX_REQUEST_BYTES}, {@value #UDAP_MAX_X5C_CERTIFICATES},
 *       {@value #UDAP_MAX_X5C_CERTIFICATE_CHARS}: limits;</li>
 *   <li>{@value #UDAP_MAX_CLIENTS}: a new UDAP app is refused once the realm holds this many clients (unset: no
 *       limit); {@value #UDAP_MIN_REGISTRATION_INTERVAL}: the shortest time between two accepted registrations of
 *       one app (unset or 0: off) ({@link #registrationLimits()});</li>
 *   <li>{@code udap.tiered.*}: the Tiered OAuth policy ({@link #tiered()}; the development switch
 *       {@value #TIERED_ALLOW_INSECURE_IDPS} is off unless set; {@value #TIERED_MAX_CONCURRENT_METADATA_LOADS}: how
 *       many new identity providers the realm looks up at once per node, default
 *       {@value TieredSettings#DEFAULT_MAX_CONCURRENT_METADATA_LOADS}; {@value #TIERED_ALLOW_PROXY}: let Tiered traffic
 *       use the configured outbound proxy, default {@code false}: refused while one is configured).</li>
 * </ul>
 * CMS payer APIs (members' data-sharing choices):
 * <ul>
 *   <li>{@value #PAYER_ORGANIZATION}: the payer's {@code Organization/<id>} on the FHIR server, named in every
 *       Consent it reads (unset: {@code Organization/<realm name>}); {@value #PAYER_ORGANIZATION_NAME}: its name;</li>
 *   <li>{@value #SHARING_SENSITIVE_DATA_DEFAULT}: {@code include} or {@code exclude} (default, and for anything
 *       else): whether apps a member authorizes get sensitive data while the member has not chosen;</li>
 *   <li>{@value #SHARING_ASK_SENSITIVE_ON_CONSENT}: {@code true} to offer the sensitive-data choice on the SMART
 *       consent page too (default {@code false}: the account page only);</li>
 *   <li>{@value #SHARING_READER_CLIENTS}: the client ids (space-separated) that may read the choices through the
 *       Consent API (unset: none may).</li>
 * </ul>
 * A malformed value is logged and the default used (the FHIR base URL setting instead fails SMART requests closed).
 */
public final class RealmSettings {

    public static final String FHIR_BASE_URLS = "smart.fhirBaseUrls";
    public static final String STYLE_URL = "smart.styleUrl";
    public static final String CONSENTS_PER_PATIENT_SINCE = "smart.consentsPerPatientSince";
    public static final String GRANULAR_SCOPE_PARAMETERS = "smart.granularScopeParameters";
    public static final String LINKS_PARENT_UNTIL_AGE = "smart.links.parentUntilAge";
    public static final String LINKS_LEGAL_REPRESENTATIVE_UNTIL_AGE = "smart.links.legalRepresentativeUntilAge";
    public static final String LINKS_OTHER_UNTIL_AGE = "smart.links.otherUntilAge";
    public static final String LINKS_TIME_ZONE = "smart.links.timeZone";
    public static final String UDAP_MODE = "udap.mode";
    public static final String UDAP_CLIENT_SECRET_BASIC = "udap.clientSecretBasic";
    public static final String UDAP_LOCALHOST_REDIRECTS = "udap.allowLocalhostRedirects";
    public static final String UDAP_MAX_REQUEST_BYTES = "udap.maxRequestBytes";
    public static final String UDAP_MAX_X5C_CERTIFICATES = "udap.maxX5cCertificates";
    public static final String UDAP_MAX_X5C_CERTIFICATE_CHARS = "udap.maxX5cCertificateChars";
    public static final String UDAP_REGISTRATION_SCOPES = "udap.registrationScopes";
    public static final String UDAP_MAX_CLIENTS = "udap.maxClients";
    public static final String UDAP_MIN_REGISTRATION_INTERVAL = "udap.minRegistrationIntervalSeconds";
    public static final String TIERED_ALLOW_INSECURE_IDPS = "udap.tiered.allowInsecureIdps";
    public static final String TIERED_METADATA_MAX_REUSE = "udap.tiered.metadataMaxReuseSeconds";
    public static final String TIERED_MEMBER_MAPPING = "udap.tiered.memberMapping";
    public static final String TIERED_MAX_IDENTITY_PROVIDERS = "udap.tiered.maxIdentityProviders";
    public static final String TIERED_MAX_CONCURRENT_METADATA_LOADS = "udap.tiered.maxConcurrentMetadataLoads";
    public static final String TIERED_MAX_NEW_IDENTITY_PROVIDERS_PER_HOUR = "udap.tiered.maxNewIdentityProvidersPerHour";
    public static final String TIERED_CLIENT_NAME = "udap.tiered.clientName";
    public static final String TIERED_LOGO_URI = "udap.tiered.logoUri";
    public static final String TIERED_CONTACTS = "udap.tiered.contacts";
    public static final String TIERED_ALLOW_PROXY = "udap.tiered.allowProxy";
    public static final String PAYER_ORGANIZATION = "payer.organization";
    public static final String PAYER_ORGANIZATION_NAME = "payer.organizationName";
    public static final String SHARING_SENSITIVE_DATA_DEFAULT = "payer.sharing.sensitiveDataDefault";
    public static final String SHARING_READER_CLIENTS = "payer.sharing.readerClients";
    public static final String SHARING_ASK_SENSITIVE_ON_CONSENT = "payer.sharing.askSensitiveOnConsent";
    public static final String METRICS_TRANSFER = "payer.metrics.transfer";
    public static final String APPS_UNATTESTED_NOTICE = "payer.apps.unattestedNotice";
    public static final String APP_REVIEW_REQUIRED = "payer.apps.reviewRequired";
    public static final String METRICS_EXCLUDED_CLIENTS = "payer.metrics.excludedClients";
    /** The prefix of the user-access brand's settings: {@code smart.brand.} + a name in {@link UserAccessBrand#SETTINGS}. */
    public static final String BRAND_PREFIX = "smart.brand.";
    /** The user-access brand's settings, as realm attributes. */
    public static final java.util.List<String> BRAND = UserAccessBrand.SETTINGS.stream().map(s -> BRAND_PREFIX + s).toList();
    /**
     * Kept by payer-auth, not an admin: when the brand last changed and a fingerprint of its settings then
     * ({@code <instant> <fingerprint>}); the Brand Bundle's {@code timestamp}.
     */
    public static final String BRAND_LAST_CHANGED = "smart.brand.lastChanged";

    private static final Logger LOG = Logger.getLogger(RealmSettings.class);
    /**
     * Parsed {@value #FHIR_BASE_URLS} settings by (setting, realm URL): a pure function of configuration, read on every
     * SMART authorization and token request; bounded (emptied when full: a realm has one setting at a time).
     */
    private static final Map<String, FhirBaseUrls> PARSED_FHIR_BASE_URLS = new ConcurrentHashMap<>();
    static final int PARSED_FHIR_BASE_URLS_BOUND = 256;

    private final String realmName;
    private final Function<String, String> attributes;
    private final Supplier<String> realmUrlSource;
    private String realmUrl;

    /**
     * @param realmName  for log messages
     * @param attributes the realm's attributes ({@code RealmModel::getAttribute})
     * @param realmUrl   the realm URL, the stand-in FHIR base URL of a bare demo
     */
    public RealmSettings(String realmName, Function<String, String> attributes, String realmUrl) {
        this(realmName, attributes, () -> realmUrl);
    }

    /** @param realmUrl asked for the realm URL once, when a reader first needs it */
    public RealmSettings(String realmName, Function<String, String> attributes, Supplier<String> realmUrl) {
        this.realmName = realmName;
        this.attributes = attributes;
        this.realmUrlSource = realmUrl;
    }

    public static RealmSettings of(KeycloakSession session, RealmModel realm) {
        return new RealmSettings(realm.getName(), realm::getAttribute, () -> RealmEndpoints.issuer(session, realm));
    }

    /** The settings of the session's realm. */
    public static RealmSettings of(KeycloakSession session) {
        return of(session, session.getContext().getRealm());
    }

    /** The realm URL, {@code {frontend}/realms/{realm}}. */
    public String realmUrl() {
        if (realmUrl == null) {
            realmUrl = realmUrlSource.get();
        }
        return realmUrl;
    }

    /** The realm's FHIR base URLs, or empty when the setting is malformed (logged; SMART requests then fail closed). */
    public Optional<FhirBaseUrls> fhirBaseUrls() {
        String setting = attributes.apply(FHIR_BASE_URLS);
        boolean configured = !SpaceDelimited.words(setting).isEmpty();
        String fallback = configured ? null : realmUrl(); // the realm URL stands in only for a blank setting
        String key = configured ? setting : "\n" + fallback;
        FhirBaseUrls parsed = PARSED_FHIR_BASE_URLS.get(key);
        if (parsed != null) {
            return Optional.of(parsed);
        }
        try {
            parsed = FhirBaseUrls.parse(setting, fallback);
            if (PARSED_FHIR_BASE_URLS.size() >= PARSED_FHIR_BASE_URLS_BOUND) {
                PARSED_FHIR_BASE_URLS.clear();
            }
            PARSED_FHIR_BASE_URLS.put(key, parsed);
            return Optional.of(parsed);
        } catch (IllegalArgumentException e) {
            LOG.warnf("Realm '%s': attribute %s is invalid (%s); SMART launches fail until it is fixed",
                    realmName, FHIR_BASE_URLS, e.getMessage());
            return Optional.empty();
        }
    }

    /** How many parsed FHIR base URL settings this node holds (at most {@link #PARSED_FHIR_BASE_URLS_BOUND}). */
    static int parsedFhirBaseUrlSettings() {
        return PARSED_FHIR_BASE_URLS.size();
    }

    public Optional<String> styleUrl() {
        String value = attributes.apply(STYLE_URL);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /**
     * When consent per patient began in this realm, if it was upgraded from a release without it; empty for a realm
     * that always had it (unset) or a malformed value (logged): then no Keycloak consent predates the records.
     */
    public Optional<Instant> consentsPerPatientSince() {
        String value = attributes.apply(CONSENTS_PER_PATIENT_SINCE);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value.trim()));
        } catch (DateTimeParseException e) {
            LOG.warnf("Realm '%s': %s='%s' is not an ISO-8601 instant; no consent counts as given before consent per "
                    + "patient", realmName, CONSENTS_PER_PATIENT_SINCE, value);
            return Optional.empty();
        }
    }

    /**
     * When links to patients end by age: {@value #LINKS_PARENT_UNTIL_AGE} (default
     * {@value PatientLinkRules#DEFAULT_PARENT_UNTIL_AGE}, {@code none} for no age rule),
     * {@value #LINKS_LEGAL_REPRESENTATIVE_UNTIL_AGE} and {@value #LINKS_OTHER_UNTIL_AGE} (default: none). A malformed
     * value is logged and the default used.
     */
    public PatientLinkRules patientLinkRules() {
        java.util.Map<PatientChoice.Relationship, Integer> ages = new java.util.EnumMap<>(PatientChoice.Relationship.class);
        untilAge(LINKS_PARENT_UNTIL_AGE, PatientLinkRules.DEFAULT_PARENT_UNTIL_AGE)
                .ifPresent(age -> ages.put(PatientChoice.Relationship.PARENT, age));
        untilAge(LINKS_LEGAL_REPRESENTATIVE_UNTIL_AGE, null)
                .ifPresent(age -> ages.put(PatientChoice.Relationship.LEGAL_REPRESENTATIVE, age));
        untilAge(LINKS_OTHER_UNTIL_AGE, null).ifPresent(age -> ages.put(PatientChoice.Relationship.OTHER, age));
        return new PatientLinkRules(ages);
    }

    private Optional<Integer> untilAge(String name, Integer fallback) {
        String value = attributes.apply(name);
        if (value == null || value.isBlank()) {
            return Optional.ofNullable(fallback);
        }
        if (value.trim().equalsIgnoreCase("none")) {
            return Optional.empty();
        }
        String problem = problem(name, value.trim());
        if (problem != null) {
            LOG.warnf("Realm '%s': %s='%s' %s; using %s", realmName, name, value, problem, fallback == null ? "none" : fallback);
            return Optional.ofNullable(fallback);
        }
        return Optional.of(Integer.parseInt(value.trim()));
    }

    /** The realm's calendar for link dates ({@value #LINKS_TIME_ZONE}, default UTC; malformed: logged, UTC). */
    public java.time.ZoneId linksTimeZone() {
        String value = attributes.apply(LINKS_TIME_ZONE);
        if (value == null || value.isBlank()) {
            return java.time.ZoneOffset.UTC;
        }
        try {
            return java.time.ZoneId.of(value.trim());
        } catch (java.time.DateTimeException e) {
            LOG.warnf("Realm '%s': %s='%s' is not a time zone; using UTC", realmName, LINKS_TIME_ZONE, value);
            return java.time.ZoneOffset.UTC;
        }
    }

    /**
     * The search parameters granular scopes may use ({@value #GRANULAR_SCOPE_PARAMETERS}, separated by spaces or
     * commas; default {@code category}).
     */
    public java.util.Set<String> granularScopeParameters() {
        String value = attributes.apply(GRANULAR_SCOPE_PARAMETERS);
        if (value == null || value.isBlank()) {
            return org.payerauth.fhir.GranularScopes.DEFAULT_PARAMETERS;
        }
        return java.util.Set.copyOf(java.util.Arrays.asList(value.trim().split("[\\s,]+")));
    }

    /** Whether apps created from now on wait for an administrator's approval ({@value #APP_REVIEW_REQUIRED}, default off). */
    public boolean appReviewRequired() {
        return bool(APP_REVIEW_REQUIRED, false);
    }

    /** What members read about an app that did not attest to its privacy practices (null: the default notice). */
    public String unattestedNotice() {
        String value = attributes.apply(APPS_UNATTESTED_NOTICE);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** The UDAP IG version whose rules apply. */
    public RegistrationSettings.Mode udapMode() {
        String value = attributes.apply(UDAP_MODE);
        return RegistrationSettings.Mode.parse(value).orElseGet(() -> {
            LOG.warnf("Realm '%s': %s='%s' is not stu2 or stu1.1; using stu2", realmName, UDAP_MODE, value);
            return RegistrationSettings.Mode.STU2;
        });
    }

    /** How strict UDAP registration and client authentication are in this realm. */
    public RegistrationSettings udap() {
        RegistrationSettings defaults = RegistrationSettings.defaults();
        return defaults
                .withMode(udapMode())
                .withClientSecretBasicAllowed(bool(UDAP_CLIENT_SECRET_BASIC, true))
                .withLocalhostRedirectsAllowed(bool(UDAP_LOCALHOST_REDIRECTS, false))
                .withLimits(positive(UDAP_MAX_REQUEST_BYTES, defaults.maxRequestBytes()),
                        positive(UDAP_MAX_X5C_CERTIFICATES, defaults.maxX5cCount()),
                        positive(UDAP_MAX_X5C_CERTIFICATE_CHARS, defaults.maxX5cEntryBytes()));
    }

    /** The scopes a UDAP registration may receive; a malformed setting is logged and the default applies. */
    public RegistrationScopePolicy registrationScopes() {
        String value = attributes.apply(UDAP_REGISTRATION_SCOPES);
        try {
            return RegistrationScopePolicy.parse(value);
        } catch (IllegalArgumentException e) {
            LOG.warnf("Realm '%s': %s is invalid (%s); using the default allow-list", realmName, UDAP_REGISTRATION_SCOPES,
                    e.getMessage());
            return RegistrationScopePolicy.defaults();
        }
    }

    /** The realm's quota on UDAP registrations; a malformed value is logged and that limit is off. */
    public RegistrationLimits registrationLimits() {
        int max = positive(UDAP_MAX_CLIENTS, 0);
        return new RegistrationLimits(max > 0 ? OptionalInt.of(max) : OptionalInt.empty(),
                java.time.Duration.ofSeconds(positive(UDAP_MIN_REGISTRATION_INTERVAL, 0)));
    }

    /** The realm's Tiered OAuth policy; malformed values are logged and the defaults used. */
    public TieredSettings tiered() {
        String mapping = attributes.apply(TIERED_MEMBER_MAPPING);
        TieredSettings.MemberMapping memberMapping = TieredSettings.MemberMapping.parse(mapping).orElseGet(() -> {
            LOG.warnf("Realm '%s': %s='%s' is not verify-existing, pre-linked or create; using pre-linked", realmName,
                    TIERED_MEMBER_MAPPING, mapping);
            return TieredSettings.MemberMapping.PRE_LINKED;
        });
        String name = attributes.apply(TIERED_CLIENT_NAME);
        String logo = attributes.apply(TIERED_LOGO_URI);
        String contacts = attributes.apply(TIERED_CONTACTS);
        return new TieredSettings(bool(TIERED_ALLOW_INSECURE_IDPS, false),
                java.time.Duration.ofSeconds(positive(TIERED_METADATA_MAX_REUSE,
                        (int) TieredSettings.DEFAULT_METADATA_MAX_REUSE.toSeconds())),
                memberMapping,
                positive(TIERED_MAX_IDENTITY_PROVIDERS, TieredSettings.DEFAULT_MAX_IDENTITY_PROVIDERS),
                positive(TIERED_MAX_CONCURRENT_METADATA_LOADS, TieredSettings.DEFAULT_MAX_CONCURRENT_METADATA_LOADS),
                positive(TIERED_MAX_NEW_IDENTITY_PROVIDERS_PER_HOUR, TieredSettings.DEFAULT_MAX_NEW_IDENTITY_PROVIDERS_PER_HOUR),
                name == null || name.isBlank() ? realmName + " (UDAP Tiered OAuth)" : name.trim(),
                logo == null || logo.isBlank() ? Optional.empty() : Optional.of(logo.trim()),
                contacts == null || contacts.isBlank() ? java.util.List.of()
                        : java.util.List.of(contacts.trim().split("[\\s,]+")),
                bool(TIERED_ALLOW_PROXY, false));
    }

    /** The defaults of members' sharing choices ({@value #SHARING_SENSITIVE_DATA_DEFAULT}; fails closed). */
    public SharingDefaults sharingDefaults() {
        return SharingDefaults.parse(attributes.apply(SHARING_SENSITIVE_DATA_DEFAULT));
    }

    /** What the Consent resources say about the payer; the realm URL identifies its users. */
    public ConsentSettings consentSettings() {
        String organization = attributes.apply(PAYER_ORGANIZATION);
        String reference = organization == null || organization.isBlank() || problem(PAYER_ORGANIZATION, organization.trim()) != null
                ? "Organization/" + realmName : organization.trim();
        String name = attributes.apply(PAYER_ORGANIZATION_NAME);
        return new ConsentSettings(reference, name == null || name.isBlank() ? null : name.trim(), realmUrl());
    }

    /** Whether the SMART consent page offers the sensitive-data choice. */
    public boolean askSensitiveOnConsent() {
        return bool(SHARING_ASK_SENSITIVE_ON_CONSENT, false);
    }

    /** The client ids that may read members' sharing choices (none when unset). */
    public java.util.Set<String> sharingReaderClients() {
        String value = attributes.apply(SHARING_READER_CLIENTS);
        return value == null || value.isBlank() ? java.util.Set.of() : java.util.Set.copyOf(java.util.Arrays.asList(value.trim().split("[\\s,]+")));
    }

    /**
     * The Patient Access metrics' definitions: {@value #METRICS_TRANSFER} ({@code token}, the default, or
     * {@code introspection}) and {@value #METRICS_EXCLUDED_CLIENTS} (the payer's own apps, client ids separated by
     * spaces or commas).
     */
    public org.payerauth.metrics.MetricsDefinitions metricsDefinitions() {
        String transfer = attributes.apply(METRICS_TRANSFER);
        org.payerauth.metrics.TransferSignal signal = org.payerauth.metrics.TransferSignal.fromSetting(transfer)
                .orElse(org.payerauth.metrics.TransferSignal.TOKEN_ISSUED);
        if (transfer != null && !transfer.isBlank() && org.payerauth.metrics.TransferSignal.fromSetting(transfer).isEmpty()) {
            LOG.warnf("Realm setting %s is neither token nor introspection; token is used", METRICS_TRANSFER);
        }
        String excluded = attributes.apply(METRICS_EXCLUDED_CLIENTS);
        java.util.Set<String> clients = excluded == null || excluded.isBlank() ? java.util.Set.of()
                : java.util.Set.copyOf(java.util.Arrays.asList(excluded.trim().split("[\\s,]+")));
        return new org.payerauth.metrics.MetricsDefinitions(signal, clients,
                org.payerauth.metrics.MetricsDefinitions.DEFAULT_SMALL_CELL_THRESHOLD);
    }

    /**
     * The realm's user-access brand (SMART App Launch 2.2), when an admin has named it ({@code smart.brand.name});
     * its {@link UserAccessBrand#problems} say whether it may be published. The endpoints are the realm's FHIR base
     * URLs; the time of the last change is known only while {@value #BRAND_LAST_CHANGED} matches the settings.
     */
    public Optional<UserAccessBrand> userAccessBrand() {
        String name = attributes.apply(BRAND_PREFIX + UserAccessBrand.NAME);
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(UserAccessBrand.fromSettings(key -> attributes.apply(BRAND_PREFIX + key),
                fhirBaseUrls().map(FhirBaseUrls::all).orElse(java.util.List.of()), brandLastChanged().orElse(null)));
    }

    /** When the brand's settings last changed, if {@value #BRAND_LAST_CHANGED} was stamped for the settings in force. */
    public Optional<Instant> brandLastChanged() {
        String stamp = attributes.apply(BRAND_LAST_CHANGED);
        if (stamp == null) {
            return Optional.empty();
        }
        String[] parts = stamp.trim().split(" ");
        if (parts.length != 2 || !parts[1].equals(brandFingerprint())) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(parts[0]));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * The value {@value #BRAND_LAST_CHANGED} must take now that the settings are what they are: empty when it is
     * current or no brand is configured.
     */
    public Optional<String> brandStamp(Instant now) {
        String name = attributes.apply(BRAND_PREFIX + UserAccessBrand.NAME);
        if (name == null || name.isBlank() || brandLastChanged().isPresent()) {
            return Optional.empty();
        }
        return Optional.of(now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " " + brandFingerprint());
    }

    /**
     * Stamps the realm's brand with the time of a change to its settings (a no-op when nothing changed): called where
     * payer-auth sees settings written (the console tab, realm updates through the admin API, every start, new realms)
     * and, for a change made elsewhere, when the Brand Bundle is next served.
     */
    public static void stampUserAccessBrand(RealmModel realm) {
        new RealmSettings(realm.getName(), realm::getAttribute, () -> null)
                .brandStamp(Instant.ofEpochMilli(Time.currentTimeMillis()))
                .ifPresent(stamp -> {
                    realm.setAttribute(BRAND_LAST_CHANGED, stamp);
                    LOG.infof("Realm '%s': the user-access brand changed; Brand Bundle timestamp %s", realm.getName(),
                            stamp.substring(0, stamp.indexOf(' ')));
                });
    }

    /** A digest of the brand's settings and the configured FHIR base URLs (the attribute, not the realm URL stand-in). */
    private String brandFingerprint() {
        try {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            for (String name : BRAND) {
                String value = attributes.apply(name);
                digest.update((name + "=" + (value == null ? "" : value.trim()) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            String fhir = attributes.apply(FHIR_BASE_URLS);
            digest.update((FHIR_BASE_URLS + "=" + (fhir == null ? "" : fhir.trim())).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest.digest(), 0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every payer-auth setting of the realm, in the order an admin reads them. */
    public static final java.util.List<String> ALL = java.util.stream.Stream.concat(java.util.stream.Stream.of(FHIR_BASE_URLS, STYLE_URL,
            CONSENTS_PER_PATIENT_SINCE, GRANULAR_SCOPE_PARAMETERS, LINKS_PARENT_UNTIL_AGE, LINKS_LEGAL_REPRESENTATIVE_UNTIL_AGE, LINKS_OTHER_UNTIL_AGE,
            LINKS_TIME_ZONE, UDAP_MODE,
            UDAP_CLIENT_SECRET_BASIC, UDAP_LOCALHOST_REDIRECTS, UDAP_REGISTRATION_SCOPES, UDAP_MAX_CLIENTS,
            UDAP_MIN_REGISTRATION_INTERVAL, UDAP_MAX_REQUEST_BYTES, UDAP_MAX_X5C_CERTIFICATES,
            UDAP_MAX_X5C_CERTIFICATE_CHARS, TIERED_ALLOW_INSECURE_IDPS, TIERED_METADATA_MAX_REUSE,
            TIERED_MEMBER_MAPPING, TIERED_MAX_IDENTITY_PROVIDERS, TIERED_MAX_CONCURRENT_METADATA_LOADS,
            TIERED_MAX_NEW_IDENTITY_PROVIDERS_PER_HOUR, TIERED_CLIENT_NAME, TIERED_LOGO_URI, TIERED_CONTACTS,
            TIERED_ALLOW_PROXY, PAYER_ORGANIZATION, PAYER_ORGANIZATION_NAME, SHARING_SENSITIVE_DATA_DEFAULT,
            SHARING_READER_CLIENTS, SHARING_ASK_SENSITIVE_ON_CONSENT, METRICS_TRANSFER, METRICS_EXCLUDED_CLIENTS,
            APPS_UNATTESTED_NOTICE, APP_REVIEW_REQUIRED),
            BRAND.stream()).toList();

    /**
     * The settings among {@code names} that are set but malformed, each as a message that names it; empty when all
     * are valid. The readers above log such a value and fall back; a form refuses it with these messages.
     */
    public java.util.Map<String, String> invalid(java.util.Collection<String> names) {
        java.util.Map<String, String> problems = new java.util.LinkedHashMap<>();
        for (String name : names) {
            String value = attributes.apply(name);
            if (value == null || value.isBlank()) {
                continue;
            }
            String problem = problem(name, value.trim());
            if (problem != null) {
                problems.put(name, problem);
            }
        }
        return problems;
    }

    private String problem(String name, String value) {
        if (name.startsWith(BRAND_PREFIX)) {
            return UserAccessBrand.problem(name.substring(BRAND_PREFIX.length()), value);
        }
        try {
            switch (name) {
                case FHIR_BASE_URLS -> FhirBaseUrls.parse(value, realmUrl());
                case UDAP_REGISTRATION_SCOPES -> RegistrationScopePolicy.parse(value);
                case CONSENTS_PER_PATIENT_SINCE -> {
                    try {
                        Instant.parse(value);
                    } catch (DateTimeParseException e) {
                        return "must be an ISO-8601 instant such as 2026-12-04T09:00:00Z";
                    }
                }
                case LINKS_PARENT_UNTIL_AGE, LINKS_LEGAL_REPRESENTATIVE_UNTIL_AGE, LINKS_OTHER_UNTIL_AGE -> {
                    if (!value.equalsIgnoreCase("none") && (!value.matches("[0-9]{1,3}") || Integer.parseInt(value) < 1
                            || Integer.parseInt(value) > 150)) {
                        return "must be an age in years (1 to 150) or none";
                    }
                }
                case GRANULAR_SCOPE_PARAMETERS -> {
                    for (String parameter : value.split("[\\s,]+")) {
                        if (!parameter.matches("[a-z][a-z0-9\\-_:.]{0,63}")) {
                            return "must be FHIR search parameter names such as category or code ('" + parameter + "' is not)";
                        }
                    }
                }
                case LINKS_TIME_ZONE -> {
                    try {
                        java.time.ZoneId.of(value);
                    } catch (java.time.DateTimeException e) {
                        return "must be a time zone such as America/New_York or UTC";
                    }
                }
                case UDAP_MODE -> {
                    if (RegistrationSettings.Mode.parse(value).isEmpty()) {
                        return "must be stu2 or stu1.1";
                    }
                }
                case METRICS_TRANSFER -> {
                    if (org.payerauth.metrics.TransferSignal.fromSetting(value).isEmpty()) {
                        return "must be token or introspection";
                    }
                }
                case TIERED_MEMBER_MAPPING -> {
                    if (TieredSettings.MemberMapping.parse(value).isEmpty()) {
                        return "must be verify-existing, pre-linked or create";
                    }
                }
                case UDAP_CLIENT_SECRET_BASIC, UDAP_LOCALHOST_REDIRECTS, TIERED_ALLOW_INSECURE_IDPS, TIERED_ALLOW_PROXY,
                     SHARING_ASK_SENSITIVE_ON_CONSENT, APP_REVIEW_REQUIRED -> {
                    if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                        return "must be true or false";
                    }
                }
                case UDAP_MAX_CLIENTS, UDAP_MAX_REQUEST_BYTES, UDAP_MAX_X5C_CERTIFICATES, UDAP_MAX_X5C_CERTIFICATE_CHARS,
                     TIERED_METADATA_MAX_REUSE, TIERED_MAX_IDENTITY_PROVIDERS, TIERED_MAX_CONCURRENT_METADATA_LOADS,
                     TIERED_MAX_NEW_IDENTITY_PROVIDERS_PER_HOUR -> {
                    if (!value.matches("[0-9]{1,9}") || Integer.parseInt(value) < 1) {
                        return "must be a whole number of at least 1";
                    }
                }
                case UDAP_MIN_REGISTRATION_INTERVAL -> {
                    if (!value.matches("[0-9]{1,9}")) {
                        return "must be a whole number of seconds (0 = off)";
                    }
                }
                case STYLE_URL, TIERED_LOGO_URI -> {
                    java.net.URI uri = new java.net.URI(value);
                    if (!uri.isAbsolute() || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
                        return "must be an absolute http(s) URL";
                    }
                }
                case PAYER_ORGANIZATION -> {
                    if (!value.matches("Organization/[A-Za-z0-9\\-.]{1,64}")) {
                        return "must be a FHIR reference Organization/<id>";
                    }
                }
                case SHARING_SENSITIVE_DATA_DEFAULT -> {
                    if (!value.equalsIgnoreCase("include") && !value.equalsIgnoreCase("exclude")) {
                        return "must be include or exclude";
                    }
                }
                case TIERED_CONTACTS -> {
                    for (String contact : value.split("[\\s,]+")) {
                        if (!new java.net.URI(contact).isAbsolute()) {
                            return "must be absolute URIs such as mailto:security@payer.example ('" + contact + "' is not)";
                        }
                    }
                }
                default -> {
                    return null;
                }
            }
            return null;
        } catch (IllegalArgumentException | java.net.URISyntaxException e) {
            return e.getMessage();
        }
    }

    private boolean bool(String name, boolean fallback) {
        String value = attributes.apply(name);
        return value == null || value.isBlank() ? fallback : Boolean.parseBoolean(value.trim());
    }

    private int positive(String name, int fallback) {
        String value = attributes.apply(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            return parsed > 0 ? parsed : fallback;
        } catch (NumberFormatException e) {
            LOG.warnf("Realm '%s': %s='%s' is not a number; using %d", realmName, name, value, fallback);
            return fallback;
        }
    }
}
