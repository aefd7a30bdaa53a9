package org.payerauth.keycloak.console;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import org.jboss.logging.Logger;
import org.keycloak.common.Profile;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.ui.extend.UiTabProvider;
import org.keycloak.services.ui.extend.UiTabProviderFactory;
import org.payerauth.keycloak.common.ConfigurationFreeFactory;
import org.payerauth.keycloak.common.endpoints.RealmEndpoints;
import org.payerauth.keycloak.common.settings.RealmSettings;
import org.payerauth.smart.brands.UserAccessBrand;

/**
 * The admin console's <em>Realm settings → SMART / UDAP</em> tab (Keycloak's declarative UI, feature
 * {@code declarative-ui}). The settings stay realm attributes ({@link RealmSettings}: REST, kcadm and realm files
 * keep working); the tab's component is their form. A save is checked with the readers' own parsers and refused,
 * naming each bad field, before anything is written; an accepted save writes the attributes (a cleared field removes
 * one). The component is refreshed from the attributes at every start, when a realm is created, and after every realm
 * update through the admin API ({@link RealmSettingsTabRefresher}), so the tab shows what is in force.
 */
public final class RealmSettingsTabFactory implements UiTabProviderFactory<UiTabProvider>,
        ConfigurationFreeFactory<UiTabProvider> {

    public static final String PROVIDER_ID = "payer-auth-settings";

    /** The component type of the admin console's tabs. */
    static final String TAB_PROVIDER_TYPE = UiTabProvider.class.getName();

    private static final Logger LOG = Logger.getLogger(RealmSettingsTabFactory.class);

    /** One field of the tab: a realm attribute under a form-safe name (the console's forms split names at dots). */
    record Field(String attribute, String name, ProviderConfigProperty property) {
    }

    static final List<Field> FIELDS = List.of(
            field(RealmSettings.FHIR_BASE_URLS, "fhirBaseUrls", "FHIR base URLs", ProviderConfigProperty.STRING_TYPE, null,
                    "The FHIR servers this realm protects, separated by spaces; the first is the default aud and the "
                            + "UDAP server certificate's SAN. Empty: the realm URL stands in (demo only)."),
            field(RealmSettings.STYLE_URL, "styleUrl", "SMART style URL", ProviderConfigProperty.STRING_TYPE, null,
                    "Optional smart_style_url returned in token responses."),
            field(RealmSettings.CONSENTS_PER_PATIENT_SINCE, "consentsPerPatientSince",
                    "Consent per patient since (upgrade instant)", ProviderConfigProperty.STRING_TYPE, null,
                    "Only for a realm upgraded from a release without consent per patient: the instant of that upgrade, "
                            + "e.g. 2026-12-04T09:00:00Z. Consents last written before it cover every member until the app "
                            + "is allowed again. Empty (new realms): every app asks per member."),
            field(RealmSettings.GRANULAR_SCOPE_PARAMETERS, "granularScopeParameters",
                    "Granular scopes: search parameters offered", ProviderConfigProperty.STRING_TYPE, null,
                    "The search parameters SMART granular scopes (e.g. patient/Observation.rs?category=...) may use, "
                            + "separated by spaces. The scopes themselves are client scopes of that name. Empty: category."),
            field(RealmSettings.LINKS_PARENT_UNTIL_AGE, "linksParentUntilAge", "Representatives: a parent's access ends at age",
                    ProviderConfigProperty.STRING_TYPE, null,
                    "Links marked parent (smart_patients ...|parent|...) end the day the patient turns this age. Empty: 18. "
                            + "none: no age rule (only the link's own end date)."),
            field(RealmSettings.LINKS_LEGAL_REPRESENTATIVE_UNTIL_AGE, "linksLegalRepresentativeUntilAge",
                    "Representatives: a legal representative's access ends at age", ProviderConfigProperty.STRING_TYPE, null,
                    "Empty: no age rule for legal-representative links (their end date, if any, applies)."),
            field(RealmSettings.LINKS_OTHER_UNTIL_AGE, "linksOtherUntilAge", "Representatives: other representatives' access ends at age",
                    ProviderConfigProperty.STRING_TYPE, null, "Empty: no age rule for links marked other."),
            field(RealmSettings.LINKS_TIME_ZONE, "linksTimeZone", "Representatives: time zone of link dates",
                    ProviderConfigProperty.STRING_TYPE, null,
                    "The calendar on which a link's first and last day and birthdays fall, e.g. America/New_York. Empty: UTC."),
            field(RealmSettings.UDAP_MODE, "udapMode", "UDAP version", ProviderConfigProperty.LIST_TYPE, "stu2",
                    "stu2: PKCE S256 and state required for authorization_code. stu1.1: both optional (Inferno's current kit).",
                    "stu2", "stu1.1"),
            field(RealmSettings.UDAP_CLIENT_SECRET_BASIC, "clientSecretBasic", "Accept client_secret_basic registrations",
                    ProviderConfigProperty.BOOLEAN_TYPE, "true",
                    "Member apps that cannot protect a key may register for a client secret (CARIN). Never advertised."),
            field(RealmSettings.UDAP_LOCALHOST_REDIRECTS, "allowLocalhostRedirects", "Allow http://localhost redirect URIs",
                    ProviderConfigProperty.BOOLEAN_TYPE, "false", "Development only: registrations may use http://localhost."),
            field(RealmSettings.UDAP_REGISTRATION_SCOPES, "registrationScopes", "Registration scope allow-list",
                    ProviderConfigProperty.TEXT_TYPE, null,
                    "The scopes a UDAP registration may receive, separated by spaces; a trailing * is a prefix. Empty: "
                            + "the default list (openid, fhirUser, launch scopes, patient/ user/ system/ FHIR scopes)."),
            field(RealmSettings.UDAP_MAX_CLIENTS, "maxClients", "Most clients (UDAP registration quota)",
                    ProviderConfigProperty.STRING_TYPE, null,
                    "A new UDAP app is refused once the realm holds this many clients. Empty: no limit."),
            field(RealmSettings.UDAP_MIN_REGISTRATION_INTERVAL, "minRegistrationIntervalSeconds",
                    "Shortest time between two registrations of one app (s)", ProviderConfigProperty.STRING_TYPE, null,
                    "A registration sooner than this after the app's last one gets 429. Empty or 0: off."),
            field(RealmSettings.UDAP_MAX_REQUEST_BYTES, "maxRequestBytes", "Largest registration request (bytes)",
                    ProviderConfigProperty.STRING_TYPE, null, "Empty: the default."),
            field(RealmSettings.UDAP_MAX_X5C_CERTIFICATES, "maxX5cCertificates", "Most certificates in x5c",
                    ProviderConfigProperty.STRING_TYPE, null, "Empty: the default."),
            field(RealmSettings.UDAP_MAX_X5C_CERTIFICATE_CHARS, "maxX5cCertificateChars", "Longest x5c certificate (characters)",
                    ProviderConfigProperty.STRING_TYPE, null, "Empty: the default."),
            field(RealmSettings.TIERED_ALLOW_INSECURE_IDPS, "tieredAllowInsecureIdps",
                    "Tiered OAuth: allow http:// identity providers", ProviderConfigProperty.BOOLEAN_TYPE, "false",
                    "Development only."),
            field(RealmSettings.TIERED_METADATA_MAX_REUSE, "tieredMetadataMaxReuseSeconds",
                    "Tiered OAuth: reuse an identity provider's metadata for at most (s)", ProviderConfigProperty.STRING_TYPE,
                    null, "Empty: the default."),
            field(RealmSettings.TIERED_MEMBER_MAPPING, "tieredMemberMapping", "Tiered OAuth: member mapping",
                    ProviderConfigProperty.LIST_TYPE, "pre-linked",
                    "pre-linked: only members an admin linked. verify-existing: the IdP's verified email names a member, "
                            + "who confirms once. create: as verify-existing, anyone else gets a new account.",
                    "pre-linked", "verify-existing", "create"),
            field(RealmSettings.TIERED_MAX_IDENTITY_PROVIDERS, "tieredMaxIdentityProviders",
                    "Tiered OAuth: most identity providers registered on demand", ProviderConfigProperty.STRING_TYPE, null,
                    "Empty: the default."),
            field(RealmSettings.TIERED_MAX_CONCURRENT_METADATA_LOADS, "tieredMaxConcurrentMetadataLoads",
                    "Tiered OAuth: most new identity providers looked up at once (per node)",
                    ProviderConfigProperty.STRING_TYPE, null,
                    "Past it, a request naming another new identity provider gets invalid_idp at once. Empty: 8."),
            field(RealmSettings.TIERED_MAX_NEW_IDENTITY_PROVIDERS_PER_HOUR, "tieredMaxNewIdentityProvidersPerHour",
                    "Tiered OAuth: most new identity providers per hour", ProviderConfigProperty.STRING_TYPE, null,
                    "First registrations at identity providers in any hour; more are refused with invalid_idp. Empty: 10."),
            field(RealmSettings.TIERED_ALLOW_PROXY, "tieredAllowProxy",
                    "Tiered OAuth: allow the outbound proxy", ProviderConfigProperty.BOOLEAN_TYPE, "false",
                    "Off: while Keycloak has an outbound proxy configured, Tiered OAuth is refused (invalid_idp), since "
                    + "the proxy, not this server, resolves identity providers' names. On: only if the proxy itself "
                    + "refuses internal destinations."),
            field(RealmSettings.TIERED_CLIENT_NAME, "tieredClientName", "Tiered OAuth: this server's client name",
                    ProviderConfigProperty.STRING_TYPE, null, "Sent when registering at identity providers. Empty: '<realm> (UDAP Tiered OAuth)'."),
            field(RealmSettings.TIERED_LOGO_URI, "tieredLogoUri", "Tiered OAuth: logo URL", ProviderConfigProperty.STRING_TYPE,
                    null, "Sent when registering at identity providers."),
            field(RealmSettings.TIERED_CONTACTS, "tieredContacts", "Tiered OAuth: contacts", ProviderConfigProperty.STRING_TYPE,
                    null, "URIs such as mailto:security@payer.example, separated by spaces."),
            field(RealmSettings.PAYER_ORGANIZATION, "payerOrganization", "Data sharing: the payer's Organization",
                    ProviderConfigProperty.STRING_TYPE, null,
                    "The payer's Organization on the FHIR server, e.g. Organization/acme-health, named in every Consent the "
                            + "FHIR server reads. Empty: Organization/<realm name>."),
            field(RealmSettings.PAYER_ORGANIZATION_NAME, "payerOrganizationName", "Data sharing: the payer's name",
                    ProviderConfigProperty.STRING_TYPE, null, "Shown with the Organization in Consents."),
            field(RealmSettings.SHARING_SENSITIVE_DATA_DEFAULT, "sensitiveDataDefault",
                    "Data sharing: sensitive data for apps by default", ProviderConfigProperty.LIST_TYPE, "exclude",
                    "Whether apps a member authorizes receive sensitive data (behavioral health, substance use treatment, "
                            + "reproductive health) while the member has not chosen. exclude is the conservative default.",
                    "exclude", "include"),
            field(RealmSettings.SHARING_ASK_SENSITIVE_ON_CONSENT, "askSensitiveOnConsent",
                    "Data sharing: ask about sensitive data on the consent page", ProviderConfigProperty.BOOLEAN_TYPE, "false",
                    "On: the SMART consent page offers the member's sensitive-data choice (set to the standing choice); "
                            + "a change there changes the standing choice. Off: only the account page offers it."),
            field(RealmSettings.SHARING_READER_CLIENTS, "sharingReaderClients",
                    "Data sharing: clients that may read members' choices", ProviderConfigProperty.STRING_TYPE, null,
                    "Client ids, separated by spaces, that may call the Consent API with their own credentials (the "
                            + "FHIR server). Empty: none."),
            field(RealmSettings.METRICS_TRANSFER, "metricsTransfer", "Patient Access metrics: what counts as a transfer",
                    ProviderConfigProperty.LIST_TYPE, "token",
                    "token: an access token for the patient issued to an app (code exchange or refresh). introspection: "
                            + "the FHIR server introspected an active token for the patient (it accepted the app's request).",
                    "token", "introspection"),
            field(RealmSettings.METRICS_EXCLUDED_CLIENTS, "metricsExcludedClients",
                    "Patient Access metrics: the payer's own apps", ProviderConfigProperty.STRING_TYPE, null,
                    "Client ids, separated by spaces, of apps the payer runs itself: not a health app the patient "
                            + "designated, so left out of the metrics."),
            field(RealmSettings.APP_REVIEW_REQUIRED, "appsReviewRequired", "Apps: hold new apps for review",
                    ProviderConfigProperty.BOOLEAN_TYPE, "false",
                    "On: apps registered from now on (UDAP registrations and clients created by administrators) get no "
                            + "tokens until an administrator approves them (POST /admin/realms/{realm}/app-review/{clientId}). "
                            + "Existing apps are not affected."),
            field(RealmSettings.APPS_UNATTESTED_NOTICE, "appsUnattestedNotice",
                    "Apps: what members read about an app that did not attest", ProviderConfigProperty.TEXT_TYPE, null,
                    "Shown on the consent page and the account page for every app without a privacy attestation, in the "
                            + "same place and words. Empty: a notice after CMS's model language."),
            brand(UserAccessBrand.NAME, "Brand: name", ProviderConfigProperty.STRING_TYPE,
                    "The name members know the plan by, shown on app galleries' cards. Set it to publish the Brand "
                            + "Bundle (with a website); empty: no brand is published."),
            brand(UserAccessBrand.ALIASES, "Brand: other names", ProviderConfigProperty.TEXT_TYPE,
                    "Former or other names members may search for, one per line."),
            brand(UserAccessBrand.WEBSITE, "Brand: website", ProviderConfigProperty.STRING_TYPE,
                    "The plan's public website (https), e.g. https://www.acme-health.example."),
            brand(UserAccessBrand.IDENTIFIERS, "Brand: identifiers", ProviderConfigProperty.TEXT_TYPE,
                    "Your own identifiers, one per line as system|value (e.g. http://hl7.org/fhir/sid/us-npi|1234567893); "
                            + "the first is the primary one advertised. The website's origin is added as SMART recommends."),
            brand(UserAccessBrand.LOGO_URL, "Brand: logo URL", ProviderConfigProperty.STRING_TYPE,
                    "https or data:image URL; a square SVG or 1024x1024 PNG with a transparent background."),
            brand(UserAccessBrand.LOGO_LICENSE_URL, "Brand: logo licence URL", ProviderConfigProperty.STRING_TYPE,
                    "Terms app developers accept before showing the logo."),
            brand(UserAccessBrand.CATEGORIES, "Brand: categories", ProviderConfigProperty.STRING_TYPE,
                    "SMART user-access categories separated by spaces (insurance, clinical, pharmacy, laboratory, imaging, "
                            + "network, aggregator). Empty: insurance."),
            brand(UserAccessBrand.ADDRESSES, "Brand: locations", ProviderConfigProperty.TEXT_TYPE,
                    "Where the plan serves members, one per line: a ZIP code, a state, 'city, state', 'city, state, ZIP' "
                            + "or 'street, city, state, ZIP'."),
            brand(UserAccessBrand.PORTAL_NAME, "Brand: member portal name", ProviderConfigProperty.STRING_TYPE,
                    "The name of the portal where members manage their account."),
            brand(UserAccessBrand.PORTAL_DESCRIPTION, "Brand: member portal description", ProviderConfigProperty.TEXT_TYPE,
                    "Who can connect and what data is available, in plain words (Markdown)."),
            brand(UserAccessBrand.PORTAL_URL, "Brand: member portal URL", ProviderConfigProperty.STRING_TYPE,
                    "Where members sign up and manage their account (https)."),
            brand(UserAccessBrand.PORTAL_LOGO_URL, "Brand: member portal logo URL", ProviderConfigProperty.STRING_TYPE,
                    "Optional, when the portal has a logo of its own (https or data:image)."),
            brand(UserAccessBrand.PORTAL_LOGO_LICENSE_URL, "Brand: member portal logo licence URL",
                    ProviderConfigProperty.STRING_TYPE, "Terms for the portal logo."),
            brand(UserAccessBrand.DEVELOPER_PORTAL_URL, "Brand: developer portal URL", ProviderConfigProperty.STRING_TYPE,
                    "Where app developers learn to connect; each Endpoint's contact. Empty: the website."));

    private static Field brand(String setting, String label, String type, String help) {
        return field(RealmSettings.BRAND_PREFIX + setting,
                "brand" + Character.toUpperCase(setting.charAt(0)) + setting.substring(1), label, type, null, help);
    }

    private static Field field(String attribute, String name, String label, String type, String defaultValue,
                               String help, String... options) {
        ProviderConfigProperty property = new ProviderConfigProperty(name, label, help + " [" + attribute + "]", type,
                defaultValue);
        if (options.length > 0) {
            property.setOptions(List.of(options));
        }
        return new Field(attribute, name, property);
    }

    @Override
    public String getPath() {
        return "/:realm/realm-settings/:tab?";
    }

    @Override
    public Map<String, String> getParams() {
        return Map.of("tab", "payer-auth");
    }

    /** Refuses a save whose changed values the readers would not accept; values as they are in force pass. */
    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model)
            throws ComponentValidationException {
        Function<String, String> submitted = attribute -> value(model, attribute);
        List<String> changed = FIELDS.stream().map(Field::attribute)
                .filter(attribute -> !Objects.equals(blankToNull(submitted.apply(attribute)), blankToNull(realm.getAttribute(attribute))))
                .toList();
        if (changed.isEmpty()) {
            // the values in force (the tab refreshed at startup, where no request tells the realm URL)
            return;
        }
        Map<String, String> invalid = new RealmSettings(realm.getName(), submitted, RealmEndpoints.of(session, realm).issuer())
                .invalid(changed);
        if (!invalid.isEmpty()) {
            StringBuilder message = new StringBuilder();
            invalid.forEach((attribute, reason) -> message.append(message.length() == 0 ? "" : "; ")
                    .append(fieldOf(attribute).property().getLabel()).append(" [").append(attribute).append("]: ")
                    .append(reason));
            throw new ComponentValidationException(message.toString());
        }
    }

    @Override
    public void onCreate(KeycloakSession session, RealmModel realm, ComponentModel model) {
        write(realm, model);
    }

    @Override
    public void onUpdate(KeycloakSession session, RealmModel realm, ComponentModel oldModel, ComponentModel newModel) {
        write(realm, newModel);
    }

    /** The form's values become the realm's attributes; a cleared field removes its attribute. */
    private static void write(RealmModel realm, ComponentModel model) {
        for (Field field : FIELDS) {
            String value = blankToNull(value(model, field.attribute()));
            if (!Objects.equals(value, blankToNull(realm.getAttribute(field.attribute())))) {
                if (value == null) {
                    realm.removeAttribute(field.attribute());
                } else {
                    realm.setAttribute(field.attribute(), value);
                }
                LOG.infof("Realm '%s': %s set in the admin console", realm.getName(), field.attribute());
            }
        }
        RealmSettings.stampUserAccessBrand(realm);
    }

    /**
     * Makes the realm's tab component show the attributes in force (creates it when missing); first stamps the
     * user-access brand if its settings changed since it was last stamped.
     */
    static void refresh(RealmModel realm) {
        RealmSettings.stampUserAccessBrand(realm);
        if (!Profile.isFeatureEnabled(Profile.Feature.DECLARATIVE_UI)) {
            return;
        }
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        for (Field field : FIELDS) {
            String value = blankToNull(realm.getAttribute(field.attribute()));
            if (value != null) {
                config.putSingle(field.name(), value);
            }
        }
        ComponentModel existing = realm.getComponentsStream(realm.getId(), TAB_PROVIDER_TYPE)
                .filter(c -> PROVIDER_ID.equals(c.getProviderId()))
                .findFirst().orElse(null);
        try {
            if (existing == null) {
                ComponentModel model = new ComponentModel();
                model.setName(PROVIDER_ID);
                model.setProviderId(PROVIDER_ID);
                model.setProviderType(TAB_PROVIDER_TYPE);
                model.setParentId(realm.getId());
                model.setConfig(config);
                realm.addComponentModel(model);
            } else if (!sameValues(existing.getConfig(), config)) {
                existing.setConfig(config);
                realm.updateComponent(existing);
            }
        } catch (RuntimeException e) {
            LOG.warnf("Realm '%s': the SMART / UDAP settings tab could not be refreshed: %s", realm.getName(), e.getMessage());
        }
    }

    private static boolean sameValues(MultivaluedHashMap<String, String> stored, MultivaluedHashMap<String, String> current) {
        for (Field field : FIELDS) {
            if (!Objects.equals(blankToNull(stored.getFirst(field.name())), current.getFirst(field.name()))) {
                return false;
            }
        }
        return true;
    }

    private static String value(ComponentModel model, String attribute) {
        return model.get(fieldOf(attribute).name());
    }

    private static Field fieldOf(String attribute) {
        return FIELDS.stream().filter(f -> f.attribute().equals(attribute)).findFirst().orElseThrow();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    @Override
    public String getHelpText() {
        return "SMART App Launch and UDAP settings of this realm (realm attributes).";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return FIELDS.stream().map(Field::property).toList();
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    /** At every start (after realm import) and for every new realm, the tab shows the attributes in force. */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory,
                        session -> session.realms().getRealmsStream().forEach(RealmSettingsTabFactory::refresh));
            } else if (event instanceof RealmModel.RealmPostCreateEvent created) {
                refresh(created.getCreatedRealm());
            }
        });
    }
}
