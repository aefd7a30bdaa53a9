package org.payerauth.udap.registration;

import org.payerauth.udap.UdapException;
import org.payerauth.udap.pki.TrustCommunity;

/**
 * The server's own say over a registration that passed every UDAP check, asked before its {@code jti} is recorded,
 * so a refusal here leaves the statement unused: e.g. an app the administrator disabled or blocked, or a cancel of a
 * registration that does not exist.
 */
@FunctionalInterface
public interface RegistrationGate {

    /** Admits every valid registration. */
    RegistrationGate OPEN = (iss, community, metadata) -> {
    };

    /** @throws UdapException to refuse the registration */
    void admit(String iss, TrustCommunity community, ClientMetadata metadata) throws UdapException;
}
