package org.payerauth.keycloak.common.apps;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.util.JsonSerialization;
import org.payerauth.keycloak.common.UdapClientAttributes;

/**
 * The certifications accepted at an app's UDAP registration, as kept on the client
 * ({@value UdapClientAttributes#CERTIFICATIONS}: a JSON array of summaries with {@code uri}, {@code name},
 * {@code issuer}, {@code iat}, {@code exp}, {@code privacy}, {@code extensions}; never the JWTs).
 */
public final class AppCertifications {

    private static final Logger LOG = Logger.getLogger(AppCertifications.class);

    private AppCertifications() {
    }

    /** The kept summaries (none: an empty list); empty when the attribute is unreadable (logged). */
    public static Optional<List<Map<?, ?>>> of(ClientModel client) {
        String stored = client.getAttribute(UdapClientAttributes.CERTIFICATIONS);
        if (stored == null || stored.isBlank()) {
            return Optional.of(List.of());
        }
        try {
            return Optional.of(List.of(JsonSerialization.readValue(stored, Map[].class)));
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Client %s: attribute %s is unreadable", client.getClientId(), UdapClientAttributes.CERTIFICATIONS);
            return Optional.empty();
        }
    }
}
