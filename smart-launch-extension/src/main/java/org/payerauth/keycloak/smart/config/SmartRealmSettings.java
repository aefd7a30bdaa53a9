package org.payerauth.keycloak.smart.config;

import java.util.Optional;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.Urls;
import org.keycloak.urls.UrlType;
import org.payerauth.fhir.FhirBaseUrls;

/**
 * The SMART settings of a realm, stored as realm attributes: editable in the admin REST API (and so with kcadm and
 * in realm import/export), read on every request, so a change is effective without a restart.
 *
 * <ul>
 *   <li>{@value #FHIR_BASE_URLS}: whitespace-separated absolute URLs of the FHIR servers this realm protects;
 *       the first is the default. Unset: the realm URL {@code {server}/realms/{realm}} stands in.</li>
 *   <li>{@value #STYLE_URL}: optional {@code smart_style_url} returned in token responses.</li>
 * </ul>
 */
public final class SmartRealmSettings {

    public static final String FHIR_BASE_URLS = "smart.fhirBaseUrls";
    public static final String STYLE_URL = "smart.styleUrl";

    private static final Logger LOG = Logger.getLogger(SmartRealmSettings.class);

    private final KeycloakSession session;
    private final RealmModel realm;

    public SmartRealmSettings(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    public static SmartRealmSettings of(KeycloakSession session) {
        return new SmartRealmSettings(session, session.getContext().getRealm());
    }

    /** The realm URL, {@code {frontend}/realms/{realm}}: the stand-in FHIR base URL of a bare demo. */
    public String realmUrl() {
        return Urls.realmIssuer(session.getContext().getUri(UrlType.FRONTEND).getBaseUri(), realm.getName());
    }

    /**
     * The realm's FHIR base URLs, or empty when the setting is malformed (logged; SMART requests then fail closed).
     */
    public Optional<FhirBaseUrls> fhirBaseUrls() {
        String setting = realm.getAttribute(FHIR_BASE_URLS);
        try {
            return Optional.of(FhirBaseUrls.parse(setting, realmUrl()));
        } catch (IllegalArgumentException e) {
            LOG.warnf("Realm '%s': attribute %s is invalid (%s); SMART launches fail until it is fixed",
                    realm.getName(), FHIR_BASE_URLS, e.getMessage());
            return Optional.empty();
        }
    }

    public Optional<String> styleUrl() {
        String value = realm.getAttribute(STYLE_URL);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }
}
