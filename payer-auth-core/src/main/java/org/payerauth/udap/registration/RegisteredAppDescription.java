package org.payerauth.udap.registration;

import java.security.cert.X509Certificate;
import java.time.ZoneOffset;

import javax.security.auth.x500.X500Principal;

/**
 * The one-line description a registered UDAP app's client carries, for the admin console's client list and pages:
 * the app's URI, its certificate's subject and the day the certificate expires (an app whose certificate expires must
 * register a new one). At most {@value #MAX_LENGTH} characters (Keycloak's column): the subject is shortened first,
 * then left out; the URI and the expiry are always told.
 */
public final class RegisteredAppDescription {

    public static final int MAX_LENGTH = 255;

    private RegisteredAppDescription() {
    }

    public static String of(String iss, X509Certificate certificate) {
        String expires = "; certificate valid until "
                + certificate.getNotAfter().toInstant().atZone(ZoneOffset.UTC).toLocalDate();
        String head = "UDAP app " + iss;
        String subject = "; certificate " + certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
        String full = head + subject + expires;
        if (full.length() <= MAX_LENGTH) {
            return full;
        }
        int room = MAX_LENGTH - head.length() - expires.length();
        if (room >= "; certificate ".length() + 10) {
            return head + subject.substring(0, room - 1) + "\u2026" + expires;
        }
        String bare = "UDAP app" + expires;
        return head.length() + expires.length() <= MAX_LENGTH ? head + expires : bare;
    }
}
