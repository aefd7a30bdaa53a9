package org.payerauth.udap.certification;

import java.util.Objects;

import org.payerauth.udap.pki.TrustCommunity;

/**
 * A UDAP certification this server understands (UDAP Security IG STU2 §7.4, udap.org Certifications and
 * Endorsements): the certification URI its JWTs list in {@code certification_uris}, its fixed
 * {@code certification_name}, who may sign it (the certifiers' trust anchors and revocation policy, as a community),
 * and whether every app must present it.
 *
 * @param uri        the certification URI (advertised in {@code udap_certifications_supported})
 * @param name       the {@code certification_name} its JWTs carry; null: not checked
 * @param certifiers the trust anchors (and revocation policy) a certifier's certificate must chain to
 * @param required   whether a registration without it is refused (advertised in {@code udap_certifications_required})
 * @param privacy    whether it is a privacy attestation (its {@code extensions} describe the app's privacy practices,
 *                   shown to members on the consent page)
 */
public record CertificationDefinition(String uri, String name, TrustCommunity certifiers, boolean required, boolean privacy) {

    public CertificationDefinition {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(certifiers, "certifiers");
    }

    /** How a description names it: its name and URI. */
    public String label() {
        return name == null ? uri : name + " (" + uri + ")";
    }
}
