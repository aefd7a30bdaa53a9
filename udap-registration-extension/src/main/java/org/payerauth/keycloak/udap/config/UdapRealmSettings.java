package org.payerauth.keycloak.udap.config;

import java.util.Locale;

import org.jboss.logging.Logger;
import org.keycloak.models.RealmModel;
import org.payerauth.udap.RegistrationSettings;

/**
 * The UDAP switches of a realm, stored as realm attributes (admin REST API / kcadm / realm import; effective without
 * restart):
 * <ul>
 *   <li>{@value #MODE}: {@code stu2} (default; PKCE S256 and {@code state} required for authorization_code) or
 *       {@code stu1.1} (optional, for Inferno's current kit);</li>
 *   <li>{@value #CLIENT_SECRET_BASIC}: accept {@code client_secret_basic} registrations (default {@code true}, as the
 *       CARIN text requires; never advertised in {@code /.well-known/udap});</li>
 *   <li>{@value #LOCALHOST_REDIRECTS}: accept {@code http://localhost} redirect URIs (default {@code false}; dev only);</li>
 *   <li>{@value #MAX_REQUEST_BYTES}, {@value #MAX_X5C_CERTIFICATES}, {@value #MAX_X5C_CERTIFICATE_CHARS}: limits.</li>
 * </ul>
 */
public final class UdapRealmSettings {

    public static final String MODE = "udap.mode";
    public static final String CLIENT_SECRET_BASIC = "udap.clientSecretBasic";
    public static final String LOCALHOST_REDIRECTS = "udap.allowLocalhostRedirects";
    public static final String MAX_REQUEST_BYTES = "udap.maxRequestBytes";
    public static final String MAX_X5C_CERTIFICATES = "udap.maxX5cCertificates";
    public static final String MAX_X5C_CERTIFICATE_CHARS = "udap.maxX5cCertificateChars";

    private static final Logger LOG = Logger.getLogger(UdapRealmSettings.class);

    private UdapRealmSettings() {
    }

    public static RegistrationSettings registration(RealmModel realm) {
        RegistrationSettings defaults = RegistrationSettings.defaults();
        return defaults
                .withMode(mode(realm))
                .withClientSecretBasicAllowed(bool(realm, CLIENT_SECRET_BASIC, true))
                .withLocalhostRedirectsAllowed(bool(realm, LOCALHOST_REDIRECTS, false))
                .withLimits(integer(realm, MAX_REQUEST_BYTES, defaults.maxRequestBytes()),
                        integer(realm, MAX_X5C_CERTIFICATES, defaults.maxX5cCount()),
                        integer(realm, MAX_X5C_CERTIFICATE_CHARS, defaults.maxX5cEntryBytes()));
    }

    public static RegistrationSettings.Mode mode(RealmModel realm) {
        String value = realm.getAttribute(MODE);
        if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("stu2")) {
            return RegistrationSettings.Mode.STU2;
        }
        if (value.trim().toLowerCase(Locale.ROOT).matches("stu1\\.?1")) {
            return RegistrationSettings.Mode.STU1_1;
        }
        LOG.warnf("Realm '%s': %s='%s' is not stu2 or stu1.1; using stu2", realm.getName(), MODE, value);
        return RegistrationSettings.Mode.STU2;
    }

    private static boolean bool(RealmModel realm, String name, boolean fallback) {
        String value = realm.getAttribute(name);
        return value == null || value.isBlank() ? fallback : Boolean.parseBoolean(value.trim());
    }

    private static int integer(RealmModel realm, String name, int fallback) {
        String value = realm.getAttribute(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            return parsed > 0 ? parsed : fallback;
        } catch (NumberFormatException e) {
            LOG.warnf("Realm '%s': %s='%s' is not a number; using %d", realm.getName(), name, value, fallback);
            return fallback;
        }
    }
}
