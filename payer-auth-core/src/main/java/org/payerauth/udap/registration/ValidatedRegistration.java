package org.payerauth.udap.registration;

import java.security.cert.X509Certificate;
import java.time.Instant;
import org.payerauth.udap.pki.TrustCommunity;

/**
 * A registration request that passed every UDAP check.
 *
 * @param softwareStatement     the software statement exactly as submitted (returned byte-identical)
 * @param iss                   the app's URI ({@code iss} = a SAN URI of its certificate)
 * @param community             the trust community its certificate chains to
 * @param certificate           the leaf certificate that signed the statement
 * @param certificateThumbprint base64url SHA-256 of the certificate
 * @param jti                   the statement's {@code jti}
 * @param expiresAt             the statement's {@code exp}
 * @param metadata              the registration parameters
 * @param certifications        the certifications this server understood and accepted
 */
public record ValidatedRegistration(String softwareStatement, String iss, TrustCommunity community,
                                    X509Certificate certificate, String certificateThumbprint, String jti,
                                    Instant expiresAt, ClientMetadata metadata,
                                    java.util.List<org.payerauth.udap.certification.AcceptedCertification> certifications) {

    public ValidatedRegistration {
        certifications = certifications == null ? java.util.List.of() : java.util.List.copyOf(certifications);
    }
}
