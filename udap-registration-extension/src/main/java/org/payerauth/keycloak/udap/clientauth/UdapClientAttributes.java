package org.payerauth.keycloak.udap.clientauth;

/** Client attributes written by UDAP registration and read by UDAP client authentication. */
public final class UdapClientAttributes {

    public static final String ISS = "udap.iss";
    public static final String COMMUNITY = "udap.community";
    public static final String CERTIFICATE = "udap.certificate";
    public static final String CERTIFICATE_SHA256 = "udap.certificate.sha256";

    private UdapClientAttributes() {
    }
}
