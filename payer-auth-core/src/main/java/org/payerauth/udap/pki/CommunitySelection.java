package org.payerauth.udap.pki;

import java.security.cert.X509Certificate;
import java.util.List;

import org.payerauth.udap.Reason;
import org.payerauth.udap.UdapException;

/**
 * Which of a realm's trust communities a certificate belongs to: the first one (default first) whose anchors it
 * chains to with a usable path. Used for software statements now, and for identity providers' metadata next.
 */
public final class CommunitySelection {

    private CommunitySelection() {
    }

    /**
     * @throws UdapException {@link Reason#UNTRUSTED_CERTIFICATE} when no community is configured or the certificate
     *                       chains to none of them; otherwise the first community's refusal (expired, revoked, ...)
     *                       when the certificate chains to an anchor but its path is unusable
     */
    public static TrustCommunity firstTrusting(CertificateChainValidator chains, X509Certificate leaf,
                                               List<X509Certificate> presented, List<TrustCommunity> communities,
                                               CertificateChainValidator.CrlSource crls,
                                               CertificateChainValidator.Warnings warnings) throws UdapException {
        if (communities.isEmpty()) {
            throw UdapException.untrusted("This server has no trust community configured");
        }
        UdapException untrusted = null;
        UdapException rejected = null;
        for (TrustCommunity community : communities) {
            try {
                chains.validate(leaf, presented, community, crls, warnings);
                return community;
            } catch (UdapException e) {
                if (e.reason() == Reason.UNTRUSTED_CERTIFICATE) {
                    untrusted = untrusted == null ? e : untrusted;
                } else if (rejected == null) {
                    rejected = e;
                }
            }
        }
        if (rejected != null) {
            throw rejected;
        }
        if (communities.size() > 1) {
            throw UdapException.untrusted("The certificate does not chain to a trust anchor of any trust community of this server");
        }
        throw untrusted;
    }
}
