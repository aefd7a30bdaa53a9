package org.payerauth.udap.registration;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Optional;

import org.payerauth.udap.pki.Certificates;

/**
 * Whether a registered UDAP app's recorded details still agree with each other after a change that did not come from
 * the app's registration (an admin editing the client). The registration records them together: the certificate, its
 * SHA-256, the app's {@code iss} (a SAN URI of that certificate) and the community, from which the client_id is
 * derived. Editing one of them alone would make the client authenticate with another certificate, or under another
 * name, than the app registered; such a change is refused with a message that says so.
 */
public final class RegisteredClientIntegrity {

    private RegisteredClientIntegrity() {
    }

    /**
     * @param certificateBase64Der the recorded certificate
     * @param sha256               its recorded SHA-256 thumbprint (base64url)
     * @param iss                  the recorded {@code iss}
     * @param clientId             the client's client_id
     * @param expectedClientId     the client_id the recorded community and {@code iss} derive
     * @return what no longer agrees, or empty
     */
    public static Optional<String> problem(String certificateBase64Der, String sha256, String iss, String clientId,
                                           String expectedClientId) {
        X509Certificate certificate;
        try {
            certificate = Certificates.fromDer(Base64.getDecoder().decode(String.valueOf(certificateBase64Der).strip()));
        } catch (CertificateException | IllegalArgumentException e) {
            return Optional.of(recorded("udap.certificate is not a base64 DER certificate"));
        }
        if (!Certificates.sha256Thumbprint(certificate).equals(sha256)) {
            return Optional.of(recorded("udap.certificate.sha256 is not the SHA-256 of udap.certificate"));
        }
        if (!Certificates.sanUris(certificate).contains(iss)) {
            return Optional.of(recorded("udap.iss is not a subjectAltName URI of udap.certificate"));
        }
        if (!expectedClientId.equals(clientId)) {
            return Optional.of(recorded("the client_id is not the one udap.community and udap.iss derive"));
        }
        return Optional.empty();
    }

    private static String recorded(String problem) {
        return problem + ": these are recorded by the app's UDAP registration and change only when the app registers "
                + "again; to stop the app, switch the client off";
    }
}
